"""The trâmites' pages for people (the Painel de Controle and what hangs from it); one module per page."""
