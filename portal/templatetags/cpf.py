"""CPF display rule: in full to its owner and to Administradores, ``***.NNN.NNN-**`` to everyone else.

``{% load cpf %}`` then ``{% cpf_para pessoa %}`` (uses the signed-in user) or ``{{ pessoa|cpf_para:user }}``.
"""

from django import template

from portal import permissions
from portal.validators import formatar_cpf, mascarar_cpf

register = template.Library()


def cpf_visivel(usuario, dono) -> str:
    cpf = getattr(dono, "cpf", "") or ""
    if not cpf:
        return ""
    autenticado = getattr(usuario, "is_authenticated", False)
    eh_dono = autenticado and getattr(dono, "pk", None) is not None and dono.pk == usuario.pk \
        and dono._meta.model_name == usuario._meta.model_name
    if eh_dono or permissions.escopo_do_usuario(usuario).administrador:
        return formatar_cpf(cpf)
    return mascarar_cpf(cpf)


@register.simple_tag(takes_context=True, name="cpf_para")
def cpf_para_tag(context, dono):
    usuario = context.get("user") or getattr(context.get("request"), "user", None)
    return cpf_visivel(usuario, dono)


@register.filter(name="cpf_para")
def cpf_para_filtro(dono, usuario):
    return cpf_visivel(usuario, dono)


@register.filter(name="formatar_cpf")
def formatar_cpf_filtro(cpf):
    """Digits → ``000.000.000-00`` (for a CPF the user typed themselves, e.g. in a search)."""
    return formatar_cpf(cpf or "")
