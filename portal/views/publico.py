from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal import navigation


def home(request):
    return render(request, "portal/home.html")


@login_required
def principal(request):
    """Landing page after login: the user's shortcuts, grouped like the menu."""
    return render(request, "portal/principal.html", {"atalhos": navigation.menu_para(request.user)})


def erro_404(request, exception=None):
    resposta = render(request, "404.html", status=404)
    resposta.pagina_do_portal = True  # see portal.paginas_de_erro
    return resposta


def erro_403(request, exception=None):
    mensagem = str(exception) if exception and str(exception) else "Você não tem permissão para acessar esta página."
    return render(request, "403.html", {"mensagem": mensagem}, status=403)


def erro_500(request):
    # No context processors: the database may be the reason for the error.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render({}))
