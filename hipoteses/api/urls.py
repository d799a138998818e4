from django.urls import re_path

from . import views

# The systems call these without a trailing slash; accept both.
urlpatterns = [
    re_path(r"^hipoteses/?$", views.HipotesesView.as_view(), name="api-hipoteses"),
    re_path(r"^especies/?$", views.EspeciesView.as_view(), name="api-especies"),
]
