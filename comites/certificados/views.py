"""Certificate pages of an SPE (Gerar Certificado, CSR, revoke) and the CA's public files. Thin views."""

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from comites.certificados import services
from comites.certificados.forms import CsrForm, RevogacaoForm
from comites.certificados.models import DIAS_DO_ALERTA_DE_USO_COMPARTILHADO, Certificado
from comites.models import Ambiente, Sistema
from comites.services import ErroDeNegocio
from portal import permissions
from portal.permissions import Acao

ACAO = Acao.CERTIFICADO_GERAR


def sistemas_com_certificados(usuario, comite):
    """The comitê's SPEs whose certificates ``usuario`` may manage (for the link on the comitê page), each
    with ``uso_compartilhado``: one of its certificates was lately used from two addresses within a day."""
    recente = timezone.now() - DIAS_DO_ALERTA_DE_USO_COMPARTILHADO
    compartilhado = Certificado.objects.filter(
        sistema=OuterRef("pk"), ambiente=settings.AMBIENTE, uso_compartilhado_em__gte=recente,
    )
    return (permissions.restringir(Sistema.objects.filter(orgao_responsavel=comite), usuario, ACAO)
            .annotate(uso_compartilhado=Exists(compartilhado)).order_by("nome"))


def _sistema(request, sid) -> Sistema:
    return permissions.obter_ou_404(
        Sistema.objects.select_related("orgao_responsavel__unidade", "sistema_de_governo"), request.user, ACAO,
        pk=sid,
    )


def _breadcrumbs(sistema, *extra):
    comite = sistema.orgao_responsavel
    return [
        ("Gestão do Tramita.GOV.BR", reverse("comites:comite_lista")),
        (str(comite.unidade), reverse("comites:comite_detalhe", args=[comite.pk])),
        (f"Certificados de {sistema.nome}", reverse("certificados:lista", args=[sistema.pk]) if extra else None),
        *extra,
    ]


def _pagina(request, sistema, *, form_csr=None, status=200):
    certificados = permissions.restringir(
        services.certificados_atuais(sistema).select_related("gerado_por", "revogado_por"), request.user, ACAO,
    )
    return render(request, "certificados/lista.html", {
        "sistema": sistema, "certificados": certificados, "ac": services.obter_ac(),
        "ambiente": Ambiente(settings.AMBIENTE).label,
        "form_csr": form_csr or CsrForm(), "motivos": Certificado.Motivo.choices,
        "titulo": f"Certificados de {sistema.nome}", "breadcrumbs": _breadcrumbs(sistema),
    }, status=status)


@login_required
def lista(request, sid):
    return _pagina(request, _sistema(request, sid))


@never_cache
@login_required
@require_POST
def gerar(request, sid):
    sistema = _sistema(request, sid)
    try:
        certificado, emissao = services.gerar_certificado(sistema, request.user)
    except ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
        return redirect("certificados:lista", sid=sistema.pk)
    # Shown once: the key (encrypted) and its password are not kept anywhere.
    return render(request, "certificados/gerado.html", {
        "sistema": sistema, "certificado": certificado, "senha": emissao.senha,
        "pem": emissao.pem_para_entregar.decode(),
        "pem_base64": base64.b64encode(emissao.pem_para_entregar).decode(),
        "titulo": "Certificado gerado", "breadcrumbs": _breadcrumbs(sistema, ("Certificado gerado", None)),
    })


@login_required
@require_POST
def enviar_csr(request, sid):
    sistema = _sistema(request, sid)
    form = CsrForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            certificado = services.emitir_por_csr(sistema, form.cleaned_data["requisicao"], request.user)
        except ErroDeNegocio as erro:
            form.add_error("requisicao", erro.mensagem)
        else:
            messages.success(request, f"Certificado {certificado.common_name} emitido a partir da requisição.")
            return redirect("certificados:lista", sid=sistema.pk)
    return _pagina(request, sistema, form_csr=form, status=400)


@login_required
@require_POST
def revogar(request, sid, cid):
    sistema = _sistema(request, sid)
    certificado = permissions.obter_ou_404(
        services.certificados_atuais(sistema), request.user, ACAO, pk=cid,
    )
    form = RevogacaoForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Escolha o motivo da revogação.")
        return redirect("certificados:lista", sid=sistema.pk)
    try:
        services.revogar(certificado, request.user, form.cleaned_data["motivo"], form.cleaned_data["justificativa"])
    except ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
    else:
        messages.success(request, f"Certificado {certificado.common_name} revogado.")
    return redirect("certificados:lista", sid=sistema.pk)


def certificado_da_ac(request):
    # Public by nature: the CA certificate is what every verifier needs.
    autoridade = services.obter_ac()
    if autoridade is None:
        raise Http404("Autoridade certificadora não inicializada.")
    resposta = HttpResponse(autoridade.certificado_pem, content_type="application/x-pem-file")
    resposta["Content-Disposition"] = 'inline; filename="ac-tramita.pem"'
    return resposta


def crl(request):
    # Public by nature (RFC 5280 distribution point): the list of revoked serial numbers, signed by the CA.
    dados = services.crl_atual()
    if dados is None:
        raise Http404("Autoridade certificadora não inicializada.")
    resposta = HttpResponse(dados, content_type="application/pkix-crl")
    resposta["Content-Disposition"] = 'inline; filename="ac-tramita.crl"'
    resposta["Cache-Control"] = "public, max-age=300"
    return resposta
