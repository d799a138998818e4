"""Django's admin is read-only for every model, the third-party apps' included."""

import pytest
from django.contrib import admin

pytestmark = pytest.mark.django_db


def test_every_registered_model_admin_refuses_add_change_delete_and_actions(rf, django_user_model):
    request = rf.get("/django-admin/")
    request.user = django_user_model(is_superuser=True, is_staff=True, is_active=True)
    registrados = {m._meta.label for m in admin.site._registry}
    assert {"account.EmailAddress", "mfa.Authenticator", "django_celery_beat.PeriodicTask"} <= registrados
    for modelo, modelo_admin in admin.site._registry.items():
        assert not modelo_admin.has_add_permission(request), modelo
        assert not modelo_admin.has_change_permission(request), modelo
        assert not modelo_admin.has_delete_permission(request), modelo
        assert modelo_admin.get_actions(request) == {}, modelo
        for inline in modelo_admin.get_inline_instances(request):
            assert not inline.has_add_permission(request, None), modelo


def test_a_model_admin_registered_later_is_read_only_too(django_user_model, rf):
    from django.contrib.admin.sites import NotRegistered

    from portal.models import PerfilAtribuido  # shown only as an inline: not registered on its own

    request = rf.get("/django-admin/")
    request.user = django_user_model(is_superuser=True, is_staff=True, is_active=True)
    try:
        admin.site.register(PerfilAtribuido)
        assert not admin.site._registry[PerfilAtribuido].has_add_permission(request)
    finally:
        try:
            admin.site.unregister(PerfilAtribuido)
        except NotRegistered:
            pass
