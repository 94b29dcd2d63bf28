"""NOT BUILT YET."""

urlpatterns = []
