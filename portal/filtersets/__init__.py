"""One module per feature (perfis, auditoria, parametros, conta…)."""
