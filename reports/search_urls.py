"""NOT BUILT YET: filled in by issue 15's lane."""

urlpatterns = []
