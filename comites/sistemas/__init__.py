"""Sistemas de Processo Eletrônico (SPE): the catalogue (spec §6.1) and their links to órgãos (§6.2)."""
