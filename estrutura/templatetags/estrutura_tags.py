"""The unit tree as nested lists of <details>: expandable without JavaScript, selectable by radio buttons.

A selectable node keeps its radio button outside the ``<summary>`` (an interactive control inside another
is an accessibility failure, axe ``nested-interactive``): the summary is only the ▶/▼ toggle, placed by
CSS before the unit's label.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def _rotulo(no, campo: str, selecionada, marcar_orgaos: bool, destacada=None):
    u = no.unidade
    texto = format_html("{} - {} ({})", u.nome, u.sigla, u.pk) if u.sigla else format_html("{} ({})", u.nome, u.pk)
    if no.destaque:
        texto = format_html('<mark class="estrutura-destaque">{}</mark>', texto)
    atual = destacada is not None and str(u.pk) == str(destacada)
    selos = []
    if marcar_orgaos and u.eh_orgao:
        selos.append(mark_safe('<span class="portal-badge azul">órgão/entidade</span>'))
    if not u.ativo:
        selos.append(mark_safe('<span class="portal-badge">inativa</span>'))
    selos_html = format_html_join("", " {}", ((s,) for s in selos))
    if campo:
        marcado = mark_safe(" checked") if selecionada is not None and str(u.pk) == str(selecionada) else ""
        return format_html(
            '<label class="estrutura-no{}{}"{}><input type="radio" name="{}" value="{}"{}> {}</label>{}',
            "" if u.ativo else " inativa", " estrutura-selecionada" if atual else "",
            mark_safe(' aria-current="true"') if atual else "", campo, u.pk, marcado, texto, selos_html,
        )
    return format_html('<span class="estrutura-no{}">{}</span>{}', "" if u.ativo else " inativa", texto, selos_html)


@register.simple_tag
def arvore(nos, campo="", selecionada=None, marcar_orgaos=False, destacada=None):
    """Renders ``consultas.montar_arvore`` output. ``campo``: name of the radio input (none: read-only);
    ``destacada``: the unit to highlight as the current one (e.g. the one just added)."""
    return aninhar(nos, lambda no: _rotulo(no, campo, selecionada, marcar_orgaos, destacada), bool(campo))


def aninhar(nos, rotulo_de, com_controles: bool):
    """The nested lists of a tree; ``rotulo_de(no)`` gives each node's (escaped) label. With controls
    (radio, checkbox, select) in the labels, they stay outside the ``<summary>``."""
    if not nos:
        return ""
    partes = ['<ul class="estrutura-arvore">']
    abertos: list[int] = []
    for no in nos:
        while abertos and abertos[-1] >= no.nivel:
            abertos.pop()
            partes.append("</ul></details></li>")
        rotulo = rotulo_de(no)
        aberto = mark_safe(" open") if no.aberto else ""
        if no.filhos and com_controles:
            partes.append(format_html(
                '<li class="estrutura-ramo">{}<details{}><summary><span class="sr-only">Subunidades de {}</span>'
                '</summary><ul>', rotulo, aberto, no.unidade.nome,
            ))
            abertos.append(no.nivel)
        elif no.filhos:
            partes.append(format_html(
                '<li><details{}><summary><span class="sr-only">Expandir ou recolher: </span>{}</summary>'
                '<ul>', aberto, rotulo,
            ))
            abertos.append(no.nivel)
        else:
            partes.append(format_html('<li class="estrutura-folha">{}</li>', rotulo))
    partes.extend("</ul></details></li>" for _ in abertos)
    partes.append("</ul>")
    return mark_safe("".join(partes))  # noqa: S308 - every piece above is escaped by format_html
