# Switchboard's side of the bridge to sqlglot, evaluated once in the shared GraalPy context.
# Java calls these functions on one thread; each returns plain strings and lists so that nothing
# Python-shaped crosses back.
import logging

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

# sqlglot reports fallbacks through logging; Switchboard reports them itself, with the query.
logging.getLogger("sqlglot").setLevel(logging.CRITICAL)


class Untranslatable(Exception):
    """The statement cannot be carried to the target dialect faithfully."""


def _dialect(name):
    # Switchboard's ANSI dialect has no sqlglot name: sqlglot's base dialect reads and writes it.
    return name or None


def _parse_one(sql, read):
    statements = [s for s in sqlglot.parse(sql, read=_dialect(read), error_level=ErrorLevel.RAISE) if s is not None]
    if len(statements) != 1:
        raise Untranslatable("expected one statement but found %d" % len(statements))
    tree = statements[0]
    if isinstance(tree, exp.Command):
        raise Untranslatable("sqlglot does not understand %s statements, so it cannot translate them" % tree.name.upper())
    return tree


def _generate(tree, write):
    return tree.sql(dialect=_dialect(write), unsupported_level=ErrorLevel.RAISE)


def translate(sql, read, write):
    """The statement in the target dialect; raises when sqlglot cannot parse or carry it."""
    return _generate(_parse_one(sql, read), write)


# Parents under which a string literal is a plain value that sqlglot copies without looking at its
# letters: comparisons, IN lists, patterns, projections. Anywhere else (a date part name, a time
# format, a JSON path, a cast) the letters may change the output, and the cache treats them so.
_PLAIN_VALUE_PARENTS = tuple(
    getattr(exp, name)
    for name in (
        "EQ", "NEQ", "GT", "GTE", "LT", "LTE", "NullSafeEQ", "NullSafeNEQ", "Like", "ILike", "In",
        "Between", "Alias", "Select", "Tuple", "Paren", "Coalesce", "If", "Concat", "DPipe", "Values",
    )
    if hasattr(exp, name)
)


def translate_probe(sql, read, write, *string_sentinels):
    """Translates a probe (a statement whose literals were replaced by sentinels) and says which
    string sentinels sit where sqlglot treats them as plain values. Returns [sql, [sentinel...]]."""
    tree = _parse_one(sql, read)
    wanted = set(string_sentinels)
    plain = []
    for literal in tree.find_all(exp.Literal):
        if literal.is_string and literal.this in wanted and isinstance(literal.parent, _PLAIN_VALUE_PARENTS):
            plain.append(literal.this)
    return [_generate(tree, write), plain]


def render_strings(write, *values):
    """How the target dialect writes each value as a string literal, for the cache's escaping."""
    return [exp.Literal.string(value).sql(dialect=_dialect(write)) for value in values]


def load_script(name, source):
    """Runs a transform script as its own module and returns its transform function."""
    namespace = {"__name__": "switchboard_script_" + name}
    exec(compile(source, "<transform script %s>" % name, "exec"), namespace)
    transform = namespace.get("transform")
    if not callable(transform):
        raise TypeError("the script defines no function transform(sql, src, dst)")
    return transform


def run_script(transform, sql, read, write):
    result = transform(sql, read, write)
    if not isinstance(result, str):
        raise TypeError("transform returned %s instead of a str" % type(result).__name__)
    return result


def version():
    return sqlglot.__version__
