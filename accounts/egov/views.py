"""The eGov OIDC client: allauth's OpenID Connect adapter with a nonce and a checked ID token.

allauth's generic client trusts an ID token fetched straight from the token endpoint without
checking its signature, and sends no nonce. eGov sign-in decides who may sign petitions, so
here every ID token is verified against the provider's JWKS (RS256 only), must not be expired,
must carry the nonce of this very sign-in, and must name the same subject as the userinfo.
"""

import jwt
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Client, OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri, get_request_param
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

PROVIDER_ID = "egov"
ID_TOKEN_ALGORITHMS = ["RS256"]
REQUIRED_CLAIMS = ["iss", "aud", "sub", "exp", "iat", "nonce"]
CLOCK_SKEW_SECONDS = 30


def nonce_for(state_id: str) -> str:
    """The nonce of one sign-in, bound to its single-use state kept in the session."""
    return salted_hmac("accounts.egov.nonce", state_id).hexdigest()


class EGovClient(OAuth2Client):
    def get_redirect_url(self, authorization_url, scope, extra_params) -> str:
        params = {**extra_params, "nonce": nonce_for(self.state)}
        return super().get_redirect_url(authorization_url, scope, params)


class EGovOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    client_class = EGovClient

    def __init__(self, request, provider_id: str = PROVIDER_ID) -> None:
        super().__init__(request, provider_id)

    def get_callback_url(self, request, app):
        callback = reverse(f"{PROVIDER_ID}_callback")
        return build_absolute_uri(request, callback, self.redirect_uri_protocol)

    def complete_login(self, request, app, token, **kwargs):
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("eGov sent no ID token")
        claims = self._decode_id_token(app, id_token)
        expected_nonce = nonce_for(get_request_param(request, "state") or "")
        if not constant_time_compare(str(claims["nonce"]), expected_nonce):
            raise OAuth2Error("The ID token's nonce is not this sign-in's")
        userinfo = self._fetch_user_info(token.token)
        if str(userinfo.get("sub")) != str(claims["sub"]):
            raise OAuth2Error("The userinfo names another subject than the ID token")
        data = {"id_token": claims, "userinfo": userinfo}
        return self.get_provider().sociallogin_from_response(request, data)

    def _decode_id_token(self, app, id_token: str) -> dict:
        try:
            algorithm, key = jwtkit.fetch_key(
                id_token, self.openid_config["jwks_uri"], jwtkit.lookup_kid_jwk
            )
            if algorithm not in ID_TOKEN_ALGORITHMS:
                raise OAuth2Error(f"ID token signed with {algorithm}, not RS256")
            return jwt.decode(
                id_token,
                key=key,
                algorithms=ID_TOKEN_ALGORITHMS,
                issuer=self.openid_config["issuer"],
                audience=app.client_id,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": REQUIRED_CLAIMS},
            )
        except (jwt.PyJWTError, KeyError) as error:
            raise OAuth2Error(f"Invalid ID token: {error}") from error


oauth2_login = OAuth2LoginView.adapter_view(EGovOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(EGovOAuth2Adapter)
