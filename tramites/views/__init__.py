"""The trâmites' web pages (Painel, IDT detail, NRE, public NUP lookup), one module per feature."""
