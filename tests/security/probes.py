"""Hostile request parameters for the fuzz test: which parameters a view reads (recorded while it runs, so a
new parameter is probed without anyone listing it) and the values thrown at them."""

from urllib.parse import quote

from django.http import QueryDict
from hypothesis import strategies as st

# Every request parameter a view looked at, as (method, name); read by the test after each request.
SEEN: set[tuple[str, str]] = set()


class RecordingQueryDict(QueryDict):
    """request.GET / request.POST that notes every parameter name a view asks for."""

    method = "GET"
    recording = False  # parsing the query string asks for every name: noted only once it is built

    def __deepcopy__(self, memo):  # QueryDict.copy(), as forms use it, keeps recording for the same method
        result = super().__deepcopy__(memo)
        result.method, result.recording = self.method, True
        return result

    def note(self, key) -> None:
        if self.recording:
            SEEN.add((self.method, key))

    def __getitem__(self, key):  # .get() comes through here too
        self.note(key)
        return super().__getitem__(key)

    def getlist(self, key, default=None):
        self.note(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.note(key)
        return super().__contains__(key)


class ParamRecorder:
    """Test-only middleware (added by the fuzz test's settings): wraps the parameters before the view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.GET = RecordingQueryDict(request.GET.urlencode())
        request.GET.recording = True
        if request.method == "POST":
            request.POST = RecordingQueryDict(request.POST.urlencode())
            request.POST.method, request.POST.recording = "POST", True


# Thrown once at every input before the random ones, one of each kind: a digit int() refuses, a digit int()
# reads, an overflow, a negative, empty, NUL.
SWEEP = ["²", "١", "9" * 40, "-1", "", "\x00"]
# Digits that str.isdigit() (and some int()) accept but that are not ASCII, and other edges of "a number".
UNICODE_DIGITS = ["²", "①", "١", "٣", "١٢", "１２", "２０２４", "٢٠٢٤", "𝟐𝟎𝟐𝟒", "፩", "߂", "⁹", "²⁰²⁴", "٣.٥"]
EDGES = [
    "",
    " ",
    "0",
    "-1",
    "+1",
    "-0",
    "1.5",
    "1e3",
    "0x1f",
    "1_000",
    "NaN",
    "Infinity",
    " 2024 ",
    "2024\n",
    "\x00",
    "2024\x00",
    "\x01\x1f",
    "\u200b1",
    "9" * 19,
    "9" * 40,
    "9" * 5000,
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    "00000000000000000000001",
    "2024年",
]
hostile = (
    st.sampled_from(UNICODE_DIGITS)
    | st.sampled_from(EDGES)
    | st.text(max_size=20)
    | st.integers(min_value=-(2**70), max_value=2**70).map(str)
    | st.from_regex(r"[0-9]{15,40}", fullmatch=True)
    | st.builds("".join, st.lists(st.sampled_from([*UNICODE_DIGITS, "0", "1", "-"]), min_size=1, max_size=6))
)


def path_with(route: str, values: dict[str, str]) -> str:
    """The route ("entry/<int:year>/<slug:code>/") with each argument replaced by a value, quoted as a client
    would send it; values the converter refuses simply miss the pattern (404)."""
    path = route
    for name, value in values.items():
        start = path.index(":" + name + ">")
        opening = path.rindex("<", 0, start)
        path = path[:opening] + quote(value, safe="") + path[start + len(name) + 2 :]
    return "/" + path
