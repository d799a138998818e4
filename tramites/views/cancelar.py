"""Cancelar trâmite from the Painel (spec §8.6): statuses the state machine says are cancellable (1–4), by a
gestor of the sending órgão or an Administrador Tramita (``Acao.TRAMITE_CANCELAR``). GET confirms and asks
the reason; POST cancels through the one door (``services.aplicar``: status 7, reason in the history,
audited). A transition that wins the race (the receiver's recibo, the deadline) turns into a clear message."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from portal import permissions
from portal.permissions import Acao
from tramites import services
from tramites import state_machine as sm
from tramites.models import Tramite
from tramites.services.transicoes import LIMITE_DO_MOTIVO
from tramites.views.detalhe import breadcrumbs

AVISO_PENDENCIA = (
    "O sistema de processo eletrônico remetente fica sabendo do cancelamento pelas suas pendências "
    "(o trâmite aparece como pendência do remetente até o sistema consultá-lo); no sistema de origem, o "
    "processo é desbloqueado ao registrar o cancelamento da tramitação externa."
)


class CancelamentoForm(forms.Form):
    motivo = forms.CharField(
        label="Motivo do cancelamento", max_length=LIMITE_DO_MOTIVO, strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": LIMITE_DO_MOTIVO}),
        help_text="Fica registrado no histórico de situações do trâmite e na auditoria.",
        error_messages={"required": "Informe o motivo do cancelamento.",
                        "max_length": f"O motivo pode ter no máximo {LIMITE_DO_MOTIVO} caracteres."},
    )

    def clean_motivo(self):
        motivo = self.cleaned_data["motivo"]
        if any(ord(c) < 32 and c not in "\n\r\t" for c in motivo):
            raise forms.ValidationError("O motivo contém caracteres de controle; escreva apenas texto.")
        if not motivo.strip():
            raise forms.ValidationError("Informe o motivo do cancelamento.")
        return motivo


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cancelar(request, idt):
    tramite = permissions.obter_ou_404(
        Tramite.objects.select_related("unidade_remetente", "unidade_destinatario", "comite_remetente__unidade",
                                       "comite_destinatario__unidade"),
        request.user, Acao.PAINEL_VER, idt=idt)
    if not (permissions.pode(request.user, Acao.TRAMITE_CANCELAR)
            and permissions.pode(request.user, Acao.TRAMITE_CANCELAR, tramite)):
        raise PermissionDenied("Somente gestores do órgão remetente ou o Administrador Tramita cancelam trâmites.")
    impedimento = sm.motivo_para_nao_cancelar(tramite.status)
    form = CancelamentoForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and impedimento is None and form.is_valid():
        try:
            services.aplicar(tramite, sm.Evento.CANCELAMENTO, services.Agente.administrador(request.user),
                             motivo=form.cleaned_data["motivo"])
        except services.TransicaoInvalida as erro:  # ConflitoDeStatus included: another transition won
            messages.error(request, f"O trâmite não foi cancelado. {erro.mensagem}")
        else:
            messages.success(request, f"Trâmite {tramite.idt} cancelado (situação "
                                      f"{sm.Status.CANCELADO.rotulo_com_numero}). {AVISO_PENDENCIA}")
        return redirect("tramites:tramite", idt=tramite.idt)
    if request.method == "POST" and impedimento is not None:
        messages.error(request, f"O trâmite não foi cancelado. {impedimento}")
        return redirect("tramites:tramite", idt=tramite.idt)
    return render(request, "tramites/cancelar.html", {
        "t": tramite, "situacao": sm.como_status(tramite.status), "form": form, "impedimento": impedimento,
        "aviso_pendencia": AVISO_PENDENCIA, "titulo": f"Cancelar o trâmite {tramite.idt}",
        "breadcrumbs": breadcrumbs((f"IDT {tramite.idt}", reverse("tramites:tramite", args=[tramite.idt])),
                                   ("Cancelar", None)),
    }, status=400 if request.method == "POST" else 200)
