import os

from django.core.wsgi import get_wsgi_application

from scrutiny import startup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")

startup.set_up(set_prefix=False, serving=True)  # as get_wsgi_application does
application = get_wsgi_application()
