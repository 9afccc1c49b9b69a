package com.carbon254.deploy.promql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A PromQL parser and type checker for the expressions of the platform's alerts and dashboard (no PromQL parser for
 * Java is on Maven Central). It follows the Prometheus grammar: literals, vector selectors with matchers, range
 * selectors, subqueries, {@code offset}/{@code @} modifiers, unary and binary operators with Prometheus' precedence and
 * associativity, {@code bool}, {@code on}/{@code ignoring}/{@code group_left}/{@code group_right} vector matching,
 * aggregations with {@code by}/{@code without} before or after their arguments, and function calls. Type checking
 * follows Prometheus' rules: a function gets the argument types of its signature (a range vector where
 * {@code rate} wants one, ...), set operators take instant vectors, comparisons of two scalars need {@code bool},
 * a range can only follow a selector, regular expressions compile, and a selector has a matcher that does not match
 * the empty string.
 *
 * <p>{@link #parse(String)} throws {@link PromQlException} with the offending position.
 */
public final class PromQl {

    /** The type of an expression's value. */
    public enum Type { SCALAR, INSTANT_VECTOR, RANGE_VECTOR, STRING }

    /** A parsed expression. */
    public sealed interface Expr permits NumberLiteral, StringLiteral, VectorSelector, MatrixSelector, Subquery,
            Call, Aggregation, Binary, Unary, Paren {
        Type type();
    }

    public record NumberLiteral(double value) implements Expr {
        public Type type() { return Type.SCALAR; }
    }

    public record StringLiteral(String value) implements Expr {
        public Type type() { return Type.STRING; }
    }

    public record Matcher(String label, String op, String value) {
    }

    public record VectorSelector(String metric, List<Matcher> matchers) implements Expr {
        public Type type() { return Type.INSTANT_VECTOR; }

        /** The labels fixed by equality matchers (what {@code absent()} returns). */
        Set<String> equalityLabels() {
            Set<String> labels = new LinkedHashSet<>();
            for (Matcher m : matchers) {
                if (m.op().equals("=") && !m.label().equals("__name__")) {
                    labels.add(m.label());
                }
            }
            return labels;
        }
    }

    public record MatrixSelector(VectorSelector selector, String range) implements Expr {
        public Type type() { return Type.RANGE_VECTOR; }
    }

    public record Subquery(Expr expr, String range, String step) implements Expr {
        public Type type() { return Type.RANGE_VECTOR; }
    }

    public record Call(String function, List<Expr> args, Type type) implements Expr {
    }

    public record Aggregation(String op, Expr param, Expr expr, List<String> grouping, boolean without)
            implements Expr {
        public Type type() { return Type.INSTANT_VECTOR; }
    }

    public record Binary(String op, Expr lhs, Expr rhs, boolean bool, String matching, List<String> matchingLabels,
                         Type type) implements Expr {
    }

    public record Unary(String op, Expr expr) implements Expr {
        public Type type() { return expr.type(); }
    }

    public record Paren(Expr expr) implements Expr {
        public Type type() { return expr.type(); }
    }

    /** A syntax or type error, with the position in the expression. */
    public static final class PromQlException extends RuntimeException {
        PromQlException(String message) {
            super(message);
        }
    }

    // ---- functions: argument types (a trailing null marks optional arguments from there on) and result type ----

    private record Signature(List<Type> args, int required, boolean variadic, Type result) {
    }

    private static final Map<String, Signature> FUNCTIONS = new HashMap<>();

    private static void fn(String name, Type result, int required, boolean variadic, Type... args) {
        FUNCTIONS.put(name, new Signature(List.of(args), required, variadic, result));
    }

    static {
        Type s = Type.SCALAR, v = Type.INSTANT_VECTOR, m = Type.RANGE_VECTOR, str = Type.STRING;
        for (String f : List.of("rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets",
                "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
                "stddev_over_time", "stdvar_over_time", "last_over_time", "present_over_time", "mad_over_time",
                "absent_over_time")) {
            fn(f, v, 1, false, m);
        }
        fn("quantile_over_time", v, 2, false, s, m);
        fn("predict_linear", v, 2, false, m, s);
        fn("holt_winters", v, 3, false, m, s, s);
        fn("double_exponential_smoothing", v, 3, false, m, s, s);
        for (String f : List.of("abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "sgn", "sort",
                "sort_desc", "timestamp", "absent", "deg", "rad", "acos", "asin", "atan", "cos", "sin", "tan",
                "acosh", "asinh", "atanh", "cosh", "sinh", "tanh", "histogram_count", "histogram_sum",
                "histogram_avg", "histogram_stddev", "histogram_stdvar")) {
            fn(f, v, 1, false, v);
        }
        for (String f : List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute",
                "month", "year")) {
            fn(f, v, 0, false, v);
        }
        fn("round", v, 1, false, v, s);
        fn("clamp", v, 3, false, v, s, s);
        fn("clamp_min", v, 2, false, v, s);
        fn("clamp_max", v, 2, false, v, s);
        fn("histogram_quantile", v, 2, false, s, v);
        fn("histogram_fraction", v, 3, false, s, s, v);
        fn("label_replace", v, 5, false, v, str, str, str, str);
        fn("label_join", v, 3, true, v, str, str, str);
        fn("sort_by_label", v, 1, true, v, str);
        fn("sort_by_label_desc", v, 1, true, v, str);
        fn("vector", v, 1, false, s);
        fn("scalar", s, 1, false, v);
        fn("time", s, 0, false);
        fn("pi", s, 0, false);
    }

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> PARAMETRIC = Set.of("count_values", "bottomk", "topk", "quantile", "limitk",
            "limit_ratio");
    private static final Set<String> COMPARISONS = Set.of("==", "!=", ">", "<", ">=", "<=");
    private static final Set<String> SET_OPERATORS = Set.of("and", "or", "unless");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern DURATION = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

    // ---- lexer ----

    private enum Kind { IDENT, NUMBER, DURATION, STRING, OP, EOF }

    private record Token(Kind kind, String text, int pos) {
    }

    private final String input;
    private final List<Token> tokens;
    private int next;

    private PromQl(String input) {
        this.input = input;
        this.tokens = lex(input);
    }

    /** Parses and type-checks an expression. */
    public static Expr parse(String expression) {
        PromQl parser = new PromQl(expression);
        Expr expr = parser.expression(0);
        Token rest = parser.peek();
        if (rest.kind() != Kind.EOF) {
            throw parser.error(rest, "unexpected " + describe(rest) + " after a complete expression");
        }
        if (expr.type() == Type.STRING) {
            throw new PromQlException("a string is not a valid expression: " + expression);
        }
        return expr;
    }

    private static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                        || s.charAt(i) == ':')) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, s.substring(start, i), start));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int start = i;
                Token duration = durationAt(s, i);
                if (duration != null) {
                    out.add(duration);
                    i = start + duration.text().length();
                    continue;
                }
                if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
                    i += 2;
                    while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
                        i++;
                    }
                } else {
                    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                        i++;
                    }
                    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                        i++;
                        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                            i++;
                        }
                        while (i < s.length() && Character.isDigit(s.charAt(i))) {
                            i++;
                        }
                    }
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
            } else if (c == '"' || c == '\'' || c == '`') {
                int start = i++;
                StringBuilder value = new StringBuilder();
                while (true) {
                    if (i >= s.length()) {
                        throw new PromQlException("unterminated string at " + start + " in: " + s);
                    }
                    char d = s.charAt(i++);
                    if (d == c) {
                        break;
                    }
                    if (d == '\\' && c != '`') {
                        if (i >= s.length()) {
                            throw new PromQlException("unterminated escape at " + (i - 1) + " in: " + s);
                        }
                        char e = s.charAt(i++);
                        switch (e) {
                            case 'n' -> value.append('\n');
                            case 't' -> value.append('\t');
                            case 'r' -> value.append('\r');
                            case '\\', '"', '\'' -> value.append(e);
                            default -> throw new PromQlException("unknown escape \\" + e + " at " + (i - 2)
                                    + " in: " + s + " (a regex backslash is written \\\\ in a PromQL string)");
                        }
                    } else {
                        value.append(d);
                    }
                }
                out.add(new Token(Kind.STRING, value.toString(), start));
            } else {
                String op = null;
                for (String candidate : List.of("==", "!=", ">=", "<=", "=~", "!~", "+", "-", "*", "/", "%", "^",
                        ">", "<", "=", "(", ")", "{", "}", "[", "]", ",", ":", "@")) {
                    if (s.startsWith(candidate, i)) {
                        op = candidate;
                        break;
                    }
                }
                if (op == null) {
                    throw new PromQlException("unexpected character '" + c + "' at " + i + " in: " + s);
                }
                out.add(new Token(Kind.OP, op, i));
                i += op.length();
            }
        }
        out.add(new Token(Kind.EOF, "", s.length()));
        return out;
    }

    /** A duration literal starting at {@code i} (digits followed by units, e.g. 5m, 1h30m), or null. */
    private static Token durationAt(String s, int i) {
        int j = i;
        boolean any = false;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
            int digits = j;
            while (j < s.length() && Character.isDigit(s.charAt(j))) {
                j++;
            }
            String unit = s.startsWith("ms", j) ? "ms"
                    : j < s.length() && "ywdhms".indexOf(s.charAt(j)) >= 0 ? String.valueOf(s.charAt(j)) : null;
            if (unit == null || (j + unit.length() < s.length()
                    && Character.isLetterOrDigit(s.charAt(j + unit.length())) && !Character.isDigit(s.charAt(j + unit.length())))) {
                j = digits;
                break;
            }
            j += unit.length();
            any = true;
        }
        if (!any) {
            return null;
        }
        String text = s.substring(i, j);
        if (!DURATION.matcher(text).matches()) {
            throw new PromQlException("malformed duration " + text + " at " + i + " in: " + s);
        }
        return new Token(Kind.DURATION, text, i);
    }

    // ---- parser ----

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        return tokens.get(next++);
    }

    private boolean at(String op) {
        Token t = peek();
        return (t.kind() == Kind.OP && t.text().equals(op))
                || (t.kind() == Kind.IDENT && t.text().equalsIgnoreCase(op) && isKeyword(op));
    }

    private static boolean isKeyword(String word) {
        return Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or",
                "unless", "atan2").contains(word);
    }

    private Token expect(String op) {
        Token t = take();
        if (!(t.kind() == Kind.OP && t.text().equals(op))
                && !(t.kind() == Kind.IDENT && t.text().equalsIgnoreCase(op))) {
            throw error(t, "expected '" + op + "' but found " + describe(t));
        }
        return t;
    }

    private PromQlException error(Token at, String message) {
        return new PromQlException(message + " at position " + at.pos() + " in: " + input);
    }

    private static String describe(Token t) {
        return t.kind() == Kind.EOF ? "the end of the expression" : "'" + t.text() + "'";
    }

    /** Binary operator precedence (higher binds tighter); -1 when the token is no binary operator. */
    private int precedence(Token t) {
        String op = t.kind() == Kind.IDENT ? t.text().toLowerCase(Locale.ROOT) : t.kind() == Kind.OP ? t.text() : "";
        return switch (op) {
            case "or" -> 1;
            case "and", "unless" -> 2;
            case "==", "!=", ">", "<", ">=", "<=" -> 3;
            case "+", "-" -> 4;
            case "*", "/", "%", "atan2" -> 5;
            case "^" -> 6;
            default -> -1;
        };
    }

    private Expr expression(int minPrecedence) {
        Expr lhs = unary();
        while (true) {
            Token opToken = peek();
            int precedence = precedence(opToken);
            if (precedence < 0 || precedence < minPrecedence) {
                return lhs;
            }
            take();
            String op = opToken.text().toLowerCase(Locale.ROOT);
            boolean bool = false;
            if (at("bool")) {
                take();
                if (!COMPARISONS.contains(op)) {
                    throw error(opToken, "bool modifier on the non-comparison operator " + op);
                }
                bool = true;
            }
            String matching = null;
            List<String> matchingLabels = List.of();
            if (at("on") || at("ignoring")) {
                matching = take().text().toLowerCase(Locale.ROOT);
                matchingLabels = labelList();
                if (at("group_left") || at("group_right")) {
                    Token group = take();
                    if (SET_OPERATORS.contains(op)) {
                        throw error(group, "no grouping modifier allowed for set operator " + op);
                    }
                    matching += " " + group.text().toLowerCase(Locale.ROOT);
                    if (at("(")) {
                        labelList();
                    }
                }
            }
            // ^ is right-associative; every other operator left-associative.
            Expr rhs = expression(op.equals("^") ? precedence : precedence + 1);
            lhs = binary(op, lhs, rhs, bool, matching, matchingLabels, opToken);
        }
    }

    private Expr binary(String op, Expr lhs, Expr rhs, boolean bool, String matching, List<String> labels,
                        Token at) {
        for (Expr side : List.of(lhs, rhs)) {
            if (side.type() == Type.RANGE_VECTOR || side.type() == Type.STRING) {
                throw error(at, "operator " + op + " cannot take a " + side.type() + " operand");
            }
        }
        boolean vectors = lhs.type() == Type.INSTANT_VECTOR && rhs.type() == Type.INSTANT_VECTOR;
        if (SET_OPERATORS.contains(op) && !vectors) {
            throw error(at, "set operator " + op + " needs instant vectors on both sides");
        }
        if (COMPARISONS.contains(op) && lhs.type() == Type.SCALAR && rhs.type() == Type.SCALAR && !bool) {
            throw error(at, "comparisons between scalars must use the bool modifier");
        }
        if (matching != null && !vectors) {
            throw error(at, "vector matching (" + matching + ") only between two instant vectors");
        }
        Type type = lhs.type() == Type.SCALAR && rhs.type() == Type.SCALAR ? Type.SCALAR : Type.INSTANT_VECTOR;
        return new Binary(op, lhs, rhs, bool, matching, labels, type);
    }

    private Expr unary() {
        if (at("-") || at("+")) {
            Token op = take();
            // Unary minus binds looser than ^ (-2^2 is -4) and tighter than * and /.
            Expr operand = expression(6);
            if (operand.type() != Type.SCALAR && operand.type() != Type.INSTANT_VECTOR) {
                throw error(op, "unary " + op.text() + " needs a scalar or instant vector");
            }
            return new Unary(op.text(), operand);
        }
        return postfix(primary());
    }

    private Expr postfix(Expr expr) {
        while (true) {
            if (at("[")) {
                Token open = take();
                Token range = take();
                if (range.kind() != Kind.DURATION) {
                    throw error(range, "expected a duration in [], found " + describe(range));
                }
                if (at(":")) {
                    take();
                    String step = null;
                    if (peek().kind() == Kind.DURATION) {
                        step = take().text();
                    }
                    expect("]");
                    if (expr.type() != Type.INSTANT_VECTOR) {
                        throw error(open, "a subquery needs an instant vector expression, got " + expr.type());
                    }
                    expr = new Subquery(expr, range.text(), step);
                } else {
                    expect("]");
                    if (!(expr instanceof VectorSelector selector)) {
                        throw error(open, "a range [" + range.text() + "] can only follow a vector selector"
                                + " (use a subquery [range:step] for other expressions)");
                    }
                    expr = new MatrixSelector(selector, range.text());
                }
            } else if (at("offset")) {
                Token offset = take();
                if (at("-")) {
                    take();
                }
                Token duration = take();
                if (duration.kind() != Kind.DURATION) {
                    throw error(duration, "expected a duration after offset");
                }
                requireSelectorOrSubquery(expr, offset);
            } else if (at("@")) {
                Token atToken = take();
                Token t = take();
                if (t.kind() == Kind.IDENT && (t.text().equals("start") || t.text().equals("end"))) {
                    expect("(");
                    expect(")");
                } else if (t.kind() != Kind.NUMBER) {
                    throw error(t, "expected a timestamp, start() or end() after @");
                }
                requireSelectorOrSubquery(expr, atToken);
            } else {
                return expr;
            }
        }
    }

    private void requireSelectorOrSubquery(Expr expr, Token at) {
        if (!(expr instanceof VectorSelector || expr instanceof MatrixSelector || expr instanceof Subquery)) {
            throw error(at, at.text() + " must follow a selector or a subquery");
        }
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER -> {
                take();
                return new NumberLiteral(number(t));
            }
            case STRING -> {
                take();
                return new StringLiteral(t.text());
            }
            case DURATION -> throw error(t, "a duration " + t.text() + " is only allowed in [] and after offset");
            case EOF -> throw error(t, "unexpected end of the expression");
            case OP -> {
                if (t.text().equals("(")) {
                    take();
                    Expr inner = expression(0);
                    expect(")");
                    return new Paren(inner);
                }
                if (t.text().equals("{")) {
                    return selector(null, t);
                }
                throw error(t, "unexpected " + describe(t));
            }
            case IDENT -> {
                String word = t.text();
                String lower = word.toLowerCase(Locale.ROOT);
                if (lower.equals("inf") || lower.equals("nan")) {
                    take();
                    return new NumberLiteral(lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN);
                }
                if (AGGREGATIONS.contains(lower) && (next(1, "(") || next(1, "by") || next(1, "without"))) {
                    return aggregation();
                }
                if (isKeyword(lower)) {
                    throw error(t, "unexpected keyword '" + word + "'");
                }
                if (next(1, "(")) {
                    return call();
                }
                take();
                if (!METRIC_NAME.matcher(word).matches()) {
                    throw error(t, "invalid metric name " + word);
                }
                return selector(word, t);
            }
            default -> throw error(t, "unexpected " + describe(t));
        }
    }

    private boolean next(int offset, String text) {
        Token t = tokens.get(Math.min(next + offset, tokens.size() - 1));
        return (t.kind() == Kind.OP || t.kind() == Kind.IDENT) && t.text().equalsIgnoreCase(text);
    }

    private double number(Token t) {
        String text = t.text();
        try {
            return text.startsWith("0x") || text.startsWith("0X") ? Long.parseLong(text.substring(2), 16)
                    : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error(t, "malformed number " + text);
        }
    }

    private Expr selector(String metric, Token start) {
        List<Matcher> matchers = new ArrayList<>();
        if (at("{")) {
            take();
            while (!at("}")) {
                Token label = take();
                if (label.kind() != Kind.IDENT || !LABEL_NAME.matcher(label.text()).matches()) {
                    throw error(label, "expected a label name, found " + describe(label));
                }
                Token op = take();
                if (op.kind() != Kind.OP || !Set.of("=", "!=", "=~", "!~").contains(op.text())) {
                    throw error(op, "expected one of = != =~ !~ after label " + label.text());
                }
                Token value = take();
                if (value.kind() != Kind.STRING) {
                    throw error(value, "expected a quoted string as the value of label " + label.text());
                }
                if (op.text().endsWith("~")) {
                    try {
                        Pattern.compile(value.text());
                    } catch (PatternSyntaxException e) {
                        throw error(value, "invalid regular expression \"" + value.text() + "\": "
                                + e.getDescription());
                    }
                }
                matchers.add(new Matcher(label.text(), op.text(), value.text()));
                if (at(",")) {
                    take();
                } else if (!at("}")) {
                    throw error(peek(), "expected ',' or '}' in the label matchers");
                }
            }
            take();
        }
        if (metric == null) {
            boolean nonEmpty = matchers.stream().anyMatch(m -> !matchesEmpty(m));
            if (!nonEmpty) {
                throw error(start, "a vector selector must contain at least one non-empty matcher");
            }
            metric = matchers.stream().filter(m -> m.label().equals("__name__") && m.op().equals("="))
                    .map(Matcher::value).findFirst().orElse(null);
        }
        return new VectorSelector(metric, List.copyOf(matchers));
    }

    private static boolean matchesEmpty(Matcher m) {
        return switch (m.op()) {
            case "=" -> m.value().isEmpty();
            case "!=" -> !m.value().isEmpty();
            case "=~" -> Pattern.matches(m.value(), "");
            default -> !Pattern.matches(m.value(), "");
        };
    }

    private List<String> labelList() {
        expect("(");
        List<String> labels = new ArrayList<>();
        while (!at(")")) {
            Token label = take();
            if (label.kind() != Kind.IDENT || !LABEL_NAME.matcher(label.text()).matches()) {
                throw error(label, "expected a label name, found " + describe(label));
            }
            labels.add(label.text());
            if (at(",")) {
                take();
            } else if (!at(")")) {
                throw error(peek(), "expected ',' or ')' in the label list");
            }
        }
        take();
        return labels;
    }

    private Expr aggregation() {
        Token opToken = take();
        String op = opToken.text().toLowerCase(Locale.ROOT);
        List<String> grouping = List.of();
        boolean without = false;
        boolean groupingSeen = false;
        if (at("by") || at("without")) {
            without = take().text().equalsIgnoreCase("without");
            grouping = labelList();
            groupingSeen = true;
        }
        expect("(");
        Expr param = null;
        if (PARAMETRIC.contains(op)) {
            param = expression(0);
            Type expected = op.equals("count_values") ? Type.STRING : Type.SCALAR;
            if (param.type() != expected) {
                throw error(opToken, op + " needs a " + expected + " parameter, got " + param.type());
            }
            expect(",");
        }
        Expr operand = expression(0);
        expect(")");
        if (operand.type() != Type.INSTANT_VECTOR) {
            throw error(opToken, op + " aggregates an instant vector, got " + operand.type());
        }
        if (at("by") || at("without")) {
            Token late = peek();
            if (groupingSeen) {
                throw error(late, "a second grouping clause for " + op);
            }
            without = take().text().equalsIgnoreCase("without");
            grouping = labelList();
        }
        return new Aggregation(op, param, operand, grouping, without);
    }

    private Expr call() {
        Token name = take();
        Signature signature = FUNCTIONS.get(name.text());
        if (signature == null) {
            throw error(name, "unknown function " + name.text() + "()");
        }
        expect("(");
        List<Expr> args = new ArrayList<>();
        while (!at(")")) {
            args.add(expression(0));
            if (at(",")) {
                take();
            } else if (!at(")")) {
                throw error(peek(), "expected ',' or ')' in the arguments of " + name.text() + "()");
            }
        }
        take();
        int max = signature.variadic() ? Integer.MAX_VALUE : signature.args().size();
        if (args.size() < signature.required() || args.size() > max) {
            throw error(name, name.text() + "() takes " + signature.required()
                    + (max == signature.required() ? "" : max == Integer.MAX_VALUE ? " or more" : " to " + max)
                    + " arguments, got " + args.size());
        }
        for (int i = 0; i < args.size(); i++) {
            Type expected = signature.args().get(Math.min(i, signature.args().size() - 1));
            if (args.get(i).type() != expected) {
                throw error(name, "argument " + (i + 1) + " of " + name.text() + "() must be a " + expected
                        + ", got " + args.get(i).type());
            }
        }
        if (name.text().equals("label_replace")) {
            String regex = ((StringLiteral) unparen(args.get(4))).value();
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw error(name, "invalid regular expression in label_replace: " + e.getDescription());
            }
        }
        return new Call(name.text(), List.copyOf(args), signature.result());
    }

    private static Expr unparen(Expr e) {
        return e instanceof Paren p ? unparen(p.expr()) : e;
    }

    // ---- queries over a parsed expression ----

    /** Visits every node of an expression, depth first. */
    public static void walk(Expr expr, Consumer<Expr> visitor) {
        visitor.accept(expr);
        switch (expr) {
            case MatrixSelector m -> walk(m.selector(), visitor);
            case Subquery s -> walk(s.expr(), visitor);
            case Call c -> c.args().forEach(a -> walk(a, visitor));
            case Aggregation a -> {
                if (a.param() != null) {
                    walk(a.param(), visitor);
                }
                walk(a.expr(), visitor);
            }
            case Binary b -> {
                walk(b.lhs(), visitor);
                walk(b.rhs(), visitor);
            }
            case Unary u -> walk(u.expr(), visitor);
            case Paren p -> walk(p.expr(), visitor);
            default -> {
            }
        }
    }

    /** The metric names the expression selects. */
    public static Set<String> metricNames(Expr expr) {
        Set<String> names = new LinkedHashSet<>();
        walk(expr, e -> {
            if (e instanceof VectorSelector v && v.metric() != null) {
                names.add(v.metric());
            }
        });
        return names;
    }

    /** The function names the expression calls. */
    public static Set<String> functions(Expr expr) {
        Set<String> names = new LinkedHashSet<>();
        walk(expr, e -> {
            if (e instanceof Call c) {
                names.add(c.function());
            }
        });
        return names;
    }

    /**
     * The labels the result series can carry, when they can be told from the expression (an aggregation with
     * {@code by}, {@code label_replace}, {@code absent}, ...); empty when any label may come through (a plain selector,
     * {@code without}).
     */
    public static Optional<Set<String>> outputLabels(Expr expr) {
        return switch (expr) {
            case NumberLiteral n -> Optional.of(Set.of());
            case StringLiteral s -> Optional.of(Set.of());
            case VectorSelector v -> Optional.empty();
            case MatrixSelector m -> Optional.empty();
            case Subquery s -> outputLabels(s.expr());
            case Paren p -> outputLabels(p.expr());
            case Unary u -> outputLabels(u.expr());
            case Aggregation a -> a.without() ? Optional.empty()
                    : a.op().equals("count_values") ? Optional.of(withLabel(Set.copyOf(a.grouping()),
                            ((StringLiteral) unparen(a.param())).value()))
                    : Set.of("topk", "bottomk", "limitk", "limit_ratio").contains(a.op()) ? outputLabels(a.expr())
                    : Optional.of(Set.copyOf(a.grouping()));
            case Call c -> switch (c.function()) {
                case "absent" -> Optional.of(c.args().getFirst() instanceof VectorSelector v ? v.equalityLabels()
                        : Set.of());
                case "vector", "time", "scalar", "pi" -> Optional.of(Set.of());
                case "label_replace", "label_join" -> outputLabels(c.args().getFirst()).map(
                        labels -> withLabel(labels, ((StringLiteral) unparen(c.args().get(1))).value()));
                case "histogram_quantile", "histogram_fraction" -> outputLabels(c.args().getLast())
                        .map(labels -> without(labels, "le"));
                default -> c.args().stream().filter(a -> a.type() == Type.INSTANT_VECTOR
                        || a.type() == Type.RANGE_VECTOR).findFirst().map(PromQl::outputLabels)
                        .orElse(Optional.of(Set.of()));
            };
            case Binary b -> {
                Optional<Set<String>> lhs = outputLabels(b.lhs());
                Optional<Set<String>> rhs = outputLabels(b.rhs());
                if (b.op().equals("or")) {
                    yield lhs.isPresent() && rhs.isPresent() ? Optional.of(union(lhs.get(), rhs.get()))
                            : Optional.empty();
                }
                if (b.lhs().type() == Type.SCALAR) {
                    yield rhs;
                }
                yield lhs;
            }
        };
    }

    private static Set<String> withLabel(Set<String> labels, String label) {
        Set<String> out = new LinkedHashSet<>(labels);
        out.add(label);
        return out;
    }

    private static Set<String> without(Set<String> labels, String label) {
        Set<String> out = new LinkedHashSet<>(labels);
        out.remove(label);
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    /** Whether a string is a Prometheus duration as alert {@code for:} and ranges take it (e.g. 5m, 1h30m). */
    public static boolean isDuration(String text) {
        return text != null && (text.equals("0") || (!text.isEmpty() && DURATION.matcher(text).matches()));
    }
}
