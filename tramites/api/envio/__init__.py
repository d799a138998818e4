"""The sender's endpoints (spec §3 #9–#14, #23, #26): thin views over ``tramites.services.envio`` and
``tramites.services.componentes``."""
