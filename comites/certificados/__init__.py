"""SPE client certificates: the in-portal CA (``ac``), issuing/revoking (``services``), the check the API
authentication uses (``verificacao.verificar_certificado``), pages (``views``, ``urls``)."""
