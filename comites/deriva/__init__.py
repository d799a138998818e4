"""Structure drift (spec §7.7, §14): units inactivated (by a SIORG sync, or by hand) while still mapped to a
system, centralizing for other units or covered by a centralizadora.

``receptores`` listens to ``estrutura.signals.unidades_inativadas``/``unidades_reativadas``; ``services``
records one ``PendenciaDeEstrutura`` per comitê and unit, e-mails each comitê's gestores once per sync,
unmaps a unit on request and resolves entries; ``views`` shows them on the comitê's page.
"""
