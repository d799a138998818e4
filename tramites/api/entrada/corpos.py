"""Small bodies: recusa, recibo de conclusão, and the component identification (#13, #18, #19)."""

from __future__ import annotations

from rest_framework import serializers

from tramites.api.entrada.campos import HashDoComponente, Nup, Texto, ler_data_do_recibo

MOTIVOS_DE_RECUSA = {
    "01": "Formato de componente digital não suportado",
    "02": "Componente digital corrompido",
    "03": "Falta de componentes digitais",
    "04": "Espécie documental não mapeada no destinatário",
    "99": "Outro",
}
LIMITE_JUSTIFICATIVA = 1000  # spec §7: the module truncates to 1000 before sending


class Recusa(serializers.Serializer):
    """``POST tramites/{IDT}/recusa``: ``{justificativa, motivo}``; ``motivo`` also as the number 1–4/99."""

    justificativa = Texto(required=True, max_length=LIMITE_JUSTIFICATIVA, multilinha=True)
    motivo = serializers.JSONField()

    def validate_motivo(self, valor):
        if isinstance(valor, int) and not isinstance(valor, bool):
            valor = f"{valor:02d}" if 0 <= valor < 100 else str(valor)
        if not isinstance(valor, str) or valor.strip() not in MOTIVOS_DE_RECUSA:
            raise serializers.ValidationError("Motivo de recusa inválido: use 01, 02, 03, 04 ou 99.")
        return valor.strip()


class Recibo(serializers.Serializer):
    """``POST tramites/{IDT}/recibo``: ``{dataDeRecebimento, hashDaAssinatura}``. The date string is
    kept exactly as sent (it is part of the signed text) beside its reading, ``dataDeRecebimentoLida``."""

    dataDeRecebimento = Texto(required=True, max_length=40)
    hashDaAssinatura = Texto(required=True, max_length=2048)

    def validate(self, dados):
        try:
            dados["dataDeRecebimentoLida"] = ler_data_do_recibo(dados["dataDeRecebimento"])
        except ValueError:
            raise serializers.ValidationError({"dataDeRecebimento": [
                "Data inválida: use AAAA-MM-DDTHH:MM:SS.mmmZ (UTC)."]}) from None
        return dados


class IdentificacaoDeComponente(serializers.Serializer):
    """``{hashDoComponenteDigital, protocolo}`` of #13 (fim do envio em partes) and #18/#19 (download)."""

    hashDoComponenteDigital = HashDoComponente()
    protocolo = Nup()
