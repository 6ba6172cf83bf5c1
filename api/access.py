"""Who reads the API: a machine with a Bearer token (approved figures only), or a signed-in account with one of
the four roles (what the pages show it). Refused tokens are security-log lines; too many requests a 429."""

from django.conf import settings
from rest_framework import authentication, exceptions, permissions, throttling

from api.models import ApiToken
from api.tokens import token_authenticate
from core.security import log_request
from departments import roles


class TokenClient:
    """request.user for a token's requests: authenticated, with no role, no department and no session."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = is_staff = False
    pk = id = department_id = None

    def __init__(self, token: ApiToken):
        self.token = token

    def get_username(self) -> str:
        return f"令牌:{self.token.name}"

    def __str__(self):
        return self.get_username()


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>`; any other Authorization scheme is left to the session."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        key = header[1] if len(header) == 2 else ""
        token, refusal = token_authenticate(key)
        if refusal:
            log_request("拒绝令牌", request._request, user=token.name if token else "-", reason=refusal)
            raise exceptions.AuthenticationFailed(f"{refusal}，请向系统管理员申请有效的接口令牌")
        return TokenClient(token), token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


def is_token(request) -> bool:
    return isinstance(request.auth, ApiToken)


class CanRead(permissions.BasePermission):
    """A token, or an account in one of the four roles (a superuser too); the methods are the views' own."""

    message = "您的账号尚未分配角色，无权读取数据接口"

    def has_permission(self, request, view):
        if is_token(request):
            return True
        user = request.user
        if not user or not user.is_authenticated:
            return False
        return user.is_superuser or bool(roles.role_labels(user))


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Requests per token (API_TOKEN_RATE, e.g. "120/min"); signed-in accounts are not throttled here."""

    scope = "api_token"

    def get_rate(self):
        return settings.API_TOKEN_RATE

    def get_cache_key(self, request, view):
        if not is_token(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
