"""The tree of the Unidades administrativas screen: a checkbox and a mode select per unit (no JavaScript)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from comites.mapeamento import services
from estrutura.models import ModoDeTramitacao
from estrutura.templatetags.estrutura_tags import aninhar
from portal import permissions
from portal.permissions import Acao

register = template.Library()


def _selos(no, contagem, sistema):
    u = no.unidade
    selos = []
    if no.filhos:
        n = contagem.get(u.pk, 0)
        selos.append(format_html('<span class="portal-badge azul">{} subunidade(s) vinculada(s)</span>', n) if n
                     else mark_safe('<span class="portal-badge">Nenhuma subunidade vinculada ao sistema</span>'))
    if u.sistema_id and u.sistema_id != sistema.pk:
        selos.append(format_html('<span class="portal-badge">vinculada ao sistema {}</span>', u.sistema.nome))
    if not u.ativo:
        selos.append(mark_safe('<span class="portal-badge">inativa</span>'))
    return format_html_join("", " {}", ((s,) for s in selos))


def _rotulo(no, sistema, contagem, editavel):
    u = no.unidade
    texto = format_html("{} - {} ({})", u.nome, u.sigla, u.pk) if u.sigla else format_html("{} ({})", u.nome, u.pk)
    deste = u.sistema_id == sistema.pk
    atual = ModoDeTramitacao.de_flags(u.permite_envio, u.permite_recebimento) if deste else None
    livre = u.sistema_id is None or deste
    if not editavel or not livre or (not u.ativo and not deste):
        modo = format_html(" — <strong>{}</strong>", atual.label) if atual else ""
        return format_html('<span class="estrutura-no{}">{}{}</span>{}', "" if u.ativo else " inativa", texto, modo,
                           _selos(no, contagem, sistema))
    opcoes = format_html_join("", '<option value="{}"{}>{}</option>', (
        (valor, mark_safe(" selected") if (atual or ModoDeTramitacao.ENVIAR_E_RECEBER) == valor else "", rotulo)
        for valor, rotulo in ModoDeTramitacao.choices
    ))
    return format_html(
        '<label class="estrutura-no{}"><input type="checkbox" name="vincular" value="{}"{}> {}</label> '
        '<select name="modo_{}" class="mapeamento-modo" aria-label="Modo de {}">{}</select>{}',
        "" if u.ativo else " inativa", u.pk, mark_safe(" checked") if deste else "", texto, u.pk, u.nome, opcoes,
        _selos(no, contagem, sistema),
    )


@register.simple_tag
def arvore_de_mapeamento(nos, sistema, contagem, editavel=True):
    return aninhar(nos, lambda no: _rotulo(no, sistema, contagem, editavel), editavel)


@register.inclusion_tag("comites/mapeamento/_secao_comite.html", takes_context=True)
def secao_de_mapeamento(context, comite):
    """The comitê page's section listing its systems, each with a link to its units."""
    usuario = context["request"].user
    return {"comite": comite, "sistemas": list(services.sistemas_do_comite(comite))
            if permissions.pode(usuario, Acao.GESTAO_VER, comite) else []}


def _rotulo_marcavel(no, nome, marcadas, habilitadas, notas):
    u = no.unidade
    texto = format_html("{} - {} ({})", u.nome, u.sigla, u.pk) if u.sigla else format_html("{} ({})", u.nome, u.pk)
    nota = format_html(' <span class="portal-badge">{}</span>', notas[u.pk]) if u.pk in notas else ""
    if u.pk not in habilitadas:
        return format_html('<span class="estrutura-no{}">{}</span>{}', "" if u.ativo else " inativa", texto, nota)
    return format_html(
        '<label class="estrutura-no"><input type="checkbox" name="{}" value="{}"{}> {}</label>{}',
        nome, u.pk, mark_safe(" checked") if u.pk in marcadas else "", texto, nota,
    )


@register.simple_tag
def arvore_marcavel(nos, nome, marcadas, habilitadas, notas):
    """A tree with a checkbox (``nome``) on the ``habilitadas`` units, checked for ``marcadas``; ``notas``
    (unit id → text) shows a badge beside a unit."""
    return aninhar(nos, lambda no: _rotulo_marcavel(no, nome, marcadas, habilitadas, notas), True)
