# Switchboard's side of the bridge to sqlglot, evaluated once in the shared GraalPy context.
# Java calls these functions on one thread; each returns plain strings and lists so that nothing
# Python-shaped crosses back.
import logging
import re

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
    if write in _MYSQL_FAMILY_AND_CLICKHOUSE:
        _give_decimal_literals_their_scale(tree)
        _name_derived_columns_inside(tree)
    return tree.sql(dialect=_dialect(write), unsupported_level=ErrorLevel.RAISE)


# Targets where sqlglot's output loses meaning on two TPC-H constructs (see docs/translation.md,
# "Fixes Switchboard applies after sqlglot"): DECIMAL without a precision is DECIMAL(10,0) in
# MySQL and StarRocks (so 0.06 becomes 0) and an error in ClickHouse; MariaDB and ClickHouse
# cannot name a derived table's columns in its alias.
_MYSQL_FAMILY_AND_CLICKHOUSE = ("mysql", "starrocks", "clickhouse")
_DECIMAL_TEXT = re.compile(r"^\s*[+-]?(\d*)(?:\.(\d*))?\s*$")


def _give_decimal_literals_their_scale(tree):
    """DECIMAL '0.06' (Trino's typed literal, DECIMAL(2,2) there), which sqlglot reads as a cast to
    DECIMAL without precision, becomes a cast to the literal's own precision and scale."""
    for cast in list(tree.find_all(exp.Cast)):
        to = cast.args.get("to")
        literal = cast.this
        if (to is None or not to.is_type(exp.DataType.Type.DECIMAL) or to.expressions
                or not isinstance(literal, exp.Literal) or not literal.is_string):
            continue
        match = _DECIMAL_TEXT.match(literal.this)
        if match is None or not (match.group(1) or match.group(2)):
            continue
        whole = match.group(1).lstrip("0")
        scale = len(match.group(2) or "")
        precision = max(len(whole) + scale, 1)
        if precision > 38:
            continue
        cast.set("to", exp.DataType.build("DECIMAL(%d, %d)" % (precision, scale)))


def _name_derived_columns_inside(tree):
    """(SELECT a, count(b) FROM t GROUP BY a) AS x (k, n) becomes (SELECT a AS k, count(b) AS n ...) AS x,
    when the projections can be renamed without changing what the subquery's own clauses refer to."""
    for subquery in list(tree.find_all(exp.Subquery)):
        alias = subquery.args.get("alias")
        if alias is None or not alias.columns:
            continue
        select = subquery.this
        if not isinstance(select, exp.Select):
            continue
        projections = select.expressions
        names = [column.name for column in alias.columns]
        if len(projections) != len(names) or any(p.is_star for p in projections):
            continue
        # A GROUP BY, HAVING or ORDER BY may name a projection by its old alias (MySQL allows it).
        old_aliases = {p.alias for p in projections if isinstance(p, exp.Alias)} - set(names)
        referenced = set()
        for clause in ("group", "having", "order"):
            node = select.args.get(clause)
            if node is not None:
                referenced.update(column.name for column in node.find_all(exp.Column) if not column.table)
        if old_aliases & referenced:
            continue
        select.set("expressions", [_named(p, column) for p, column in zip(projections, alias.columns)])
        alias.set("columns", None)


def _named(projection, column):
    if isinstance(projection, exp.Column) and projection.name == column.name:
        return projection
    return exp.alias_(projection.this if isinstance(projection, exp.Alias) else projection, column.name,
                      quoted=column.args.get("quoted"))


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
