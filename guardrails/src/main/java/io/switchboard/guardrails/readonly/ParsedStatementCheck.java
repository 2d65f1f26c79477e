package io.switchboard.guardrails.readonly;

import java.util.List;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.show.ShowIndexStatement;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;

/**
 * What the parse tree says, for text jsqlparser accepted: the statement's class must be a read,
 * and a SELECT must not write through {@code INTO}, lock through {@code FOR UPDATE/SHARE}, or
 * carry a data-modifying CTE. The token checks have already looked at every word; this view
 * catches what words alone describe poorly and names the problem precisely.
 */
final class ParsedStatementCheck {
    private ParsedStatementCheck() {}

    static Finding check(Statement statement) {
        return switch (statement) {
            case Select select -> checkSelect(select);
            case ExplainStatement explain -> explain.getStatement() == null ? null : check(explain.getStatement());
            case DescribeStatement ignored -> null;
            case ShowStatement ignored -> null;
            case ShowTablesStatement ignored -> null;
            case ShowColumnsStatement ignored -> null;
            case ShowIndexStatement ignored -> null;
            // jsqlparser recognized the statement without modelling it (SHOW CREATE TABLE, SHOW SCHEMAS):
            // the token view, which accepted it as a read, is all there is to judge.
            case UnsupportedStatement ignored -> null;
            // Other classes are writes; transaction control and allowed settings never get here
            // because the token view judged them first.
            default -> Finding.write(statement.getClass().getSimpleName().replace("Statement", "").toUpperCase(java.util.Locale.ROOT)
                    + " is not a read");
        };
    }

    private static Finding checkSelect(Select select) {
        if (select == null) {
            return null;
        }
        List<WithItem<?>> withItems = select.getWithItemsList();
        if (withItems != null) {
            for (WithItem<?> item : withItems) {
                Object body = item.getStatement();
                if (body != null && !(body instanceof ParenthesedSelect)) {
                    return Finding.write("the common table expression '" + item.getAliasName()
                            + "' modifies data (a data-modifying WITH is a write)");
                }
                if (body instanceof ParenthesedSelect inner) {
                    Finding finding = checkSelect(inner.getSelect());
                    if (finding != null) {
                        return finding;
                    }
                }
            }
        }
        if (select.getForMode() != null || select.getForUpdateTable() != null) {
            return Finding.write("SELECT ... FOR " + (select.getForMode() == null ? "UPDATE" : select.getForMode().getValue())
                    + " locks rows");
        }
        switch (select) {
            case PlainSelect plain -> {
                if (plain.getIntoTables() != null && !plain.getIntoTables().isEmpty() || plain.getIntoTempTable() != null
                        || plain.getMySqlSelectIntoClause() != null) {
                    return Finding.write("SELECT ... INTO writes its result into a table, file or variable");
                }
            }
            case SetOperationList union -> {
                for (Select branch : union.getSelects()) {
                    Finding finding = checkSelect(branch);
                    if (finding != null) {
                        return finding;
                    }
                }
            }
            case ParenthesedSelect parenthesed -> {
                return checkSelect(parenthesed.getSelect());
            }
            default -> { }
        }
        return null;
    }
}
