"""Wagtail's database search backend, with SQLite's full-text syntax kept out of the words searched for.

On SQLite (`make run`) modelsearch hands each word to FTS5 inside double quotes without escaping a quote in
the word: `a"b` ends the string early, SQLite answers "unterminated string", and every route that searches
(the API's ?search=, the admin's search boxes) answers 500. Here double quotes and NUL bytes become spaces
before modelsearch builds its query: they separate words anyway, on every backend. PostgreSQL and MySQL get
modelsearch's own backend unchanged.
"""

from functools import cache

from modelsearch.backends.database import SearchBackend as modelsearch_backend_for_the_database
from modelsearch.query import Phrase, PlainText

FTS5_UNSAFE = str.maketrans({'"': " ", "\x00": " "})
SQLITE_FTS5_BACKEND = "modelsearch.backends.database.sqlite.sqlite"


def fts5_safe(text):
    return text.translate(FTS5_UNSAFE)


class FTS5SafeWords:
    """For modelsearch's SQLite query compilers: the words of a query, without what FTS5 would read as syntax."""

    def build_search_query_content(self, query, config=None):
        if isinstance(query, (PlainText, Phrase)) and not fts5_safe(query.query_string).split():
            # No words (" ", a lone quote): modelsearch would build no expression and fail on it.
            from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression

            return SearchQueryExpression(Lexeme(""))  # an empty phrase, which matches nothing
        if isinstance(query, PlainText):
            query = PlainText(fts5_safe(query.query_string), operator=query.operator, boost=query.boost)
        elif isinstance(query, Phrase):
            query = Phrase(fts5_safe(query.query_string))
        return super().build_search_query_content(query, config=config)


@cache
def fts5_safe_compilers():
    # modelsearch's SQLite module can be imported only where SQLite with FTS5 is the database.
    from modelsearch.backends.database.sqlite import sqlite

    class SearchCompiler(FTS5SafeWords, sqlite.SQLiteSearchQueryCompiler):
        pass

    class AutocompleteCompiler(FTS5SafeWords, sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    return SearchCompiler, AutocompleteCompiler


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    backend = modelsearch_backend_for_the_database(params)
    if type(backend).__module__ == SQLITE_FTS5_BACKEND:
        backend.query_compiler_class, backend.autocomplete_query_compiler_class = fts5_safe_compilers()
    return backend
