"""The Painel de Controle's pages (each helper of issue 12 its own module; URLs in ``tramites/urls.py``)."""
