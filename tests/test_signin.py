import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_wrong_password_says_so_and_keeps_the_user_name(client, councillor):
    response = client.post(reverse("login"), {"username": "councillor.test", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Enter a correct username and password" in html
    assert 'value="councillor.test"' in html


def test_five_failures_lock_that_user_name_out_even_with_the_right_password(client, councillor):
    for _ in range(5):
        client.post(reverse("login"), {"username": "councillor.test", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "councillor.test", "password": "a-test-password-1"})
    assert response.status_code == 429
    assert "You cannot sign in for now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_right_password_signs_in(client, councillor):
    response = client.post(reverse("login"), {"username": "councillor.test", "password": "a-test-password-1"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(councillor.pk)


def test_pages_carry_a_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy and "'nonce-" in policy
