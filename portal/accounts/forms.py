"""allauth form overrides: pt-BR labels and the e-mail change rules of the portal."""

from allauth.account.forms import AddEmailForm, LoginForm, ResetPasswordForm
from django import forms
from django.contrib.auth import get_user_model

from portal.accounts.emails import registrar_email_de_login


class EntrarForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "E-mail"
        self.fields["login"].widget.attrs["placeholder"] = "nome@orgao.gov.br"
        self.fields["password"].widget.attrs["placeholder"] = ""


class RedefinirSenhaForm(ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail da sua conta"
        self.fields["email"].widget.attrs["placeholder"] = "nome@orgao.gov.br"


class AlterarEmailForm(AddEmailForm):
    """Asks for the new login e-mail; the change only takes effect once the link sent to it is opened."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Novo e-mail"
        self.fields["email"].widget.attrs["placeholder"] = "nome@orgao.gov.br"

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if self.user is not None and email == (self.user.email or "").lower():
            raise forms.ValidationError("Este já é o e-mail da sua conta.")
        # Pessoa.email is unique: refuse now rather than fail when the link is opened.
        if get_user_model().objects.filter(email__iexact=email).exclude(pk=getattr(self.user, "pk", None)).exists():
            raise forms.ValidationError("Este e-mail já pertence a outra conta do portal.")
        return super().clean_email()

    def save(self, request):
        # allauth replaces the "unverified" address when a change is requested; make sure the current
        # login address is on record as verified so it stays the login until the new one is confirmed.
        registrar_email_de_login(self.user)
        return super().save(request)
