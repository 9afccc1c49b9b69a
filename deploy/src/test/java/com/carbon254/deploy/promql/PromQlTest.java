package com.carbon254.deploy.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.carbon254.deploy.promql.PromQl.Aggregation;
import com.carbon254.deploy.promql.PromQl.Binary;
import com.carbon254.deploy.promql.PromQl.Expr;
import com.carbon254.deploy.promql.PromQl.NumberLiteral;
import com.carbon254.deploy.promql.PromQl.Type;
import com.carbon254.deploy.promql.PromQl.Unary;

class PromQlTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "up",
            "up{job=\"a\", instance!=\"b\",}",
            "{__name__=\"up\"}",
            "sum by (topic) (rate(x_total{t=~\".+[.]dlq\"}[5m])) > 0",
            "sum(rate(x[5m])) by (topic)",
            "sum without (pod) (x)",
            "topk(3, sum by (a) (x))",
            "count_values(\"v\", x)",
            "quantile(0.9, x)",
            "histogram_quantile(0.99, sum by (le, job) (rate(h_bucket[5m])))",
            "label_replace(x, \"topic\", \"$1\", \"topic\", \"(.+)\\\\.dlq\")",
            "absent(x{namespace=\"n\"})",
            "x > bool 1",
            "1 + 2 * 3",
            "a / on (x) group_left (y) b",
            "a * ignoring (x) group_right b",
            "a and on (t) b or c unless d",
            "max_over_time(rate(x[5m])[1h:1m])",
            "rate(x[5m] offset 1h)",
            "rate(x[5m] offset -1h)",
            "x @ 1700000000",
            "rate(x[1h30m])",
            "-x",
            "vector(1)",
            "time() - x",
            "count(up == 0) or vector(0)",
            "x # a comment",
            "0x1f + 1e3 + .5 + Inf",
            "x{a=~`.+\\.dlq`}",
    })
    void validExpressionsParse(String expression) {
        assertThat(PromQl.parse(expression).type()).isIn(Type.INSTANT_VECTOR, Type.SCALAR);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "rate(x)",                          // needs a range vector
            "x[5m] > 1",                        // nor an operand
            "sum(x[5m])",                       // aggregations take instant vectors
            "(x + y)[5m]",                      // a range only after a selector
            "1 > 2",                            // scalar comparison needs bool
            "x and 1",                          // set operators take vectors
            "1 + on (a) 2",                     // vector matching between vectors only
            "a + bool b",                       // bool on arithmetic
            "a or group_left b",                // grouping needs on/ignoring, not for set operators
            "sum by (a) x",                     // aggregation needs parentheses
            "sum by (a) (x) by (b)",            // two grouping clauses
            "topk(x)",                          // missing parameter
            "histogram_quantile(0.9)",          // arity
            "label_replace(x, \"a\", \"b\")",   // arity
            "label_replace(x, \"a\", \"b\", \"c\", \"(\")", // invalid regex
            "nosuchfunction(x)",
            "x{a=~\"(\"}",                      // invalid regex
            "{a=\"\"}",                         // selector matching everything
            "x{a=\"b\"",                        // unterminated
            "x{a=b}",                           // unquoted value
            "rate(x[5])",                       // range without unit
            "x offset 5",
            "\"a\"",                            // a string is no expression
            "x y",                              // trailing input
            "x{topic=~\".+\\.dlq\"}",           // \. is not a PromQL string escape
            "sum(x",
            "",
    })
    void invalidExpressionsAreRejected(String expression) {
        assertThatThrownBy(() -> PromQl.parse(expression)).isInstanceOf(PromQl.PromQlException.class);
    }

    @Test
    void aRangeSelectorAloneIsARangeVector() {
        assertThat(PromQl.parse("x[5m]").type()).isEqualTo(Type.RANGE_VECTOR);
    }

    @Test
    void precedenceAndAssociativityFollowPrometheus() {
        Binary sum = (Binary) PromQl.parse("a + b * c");
        assertThat(sum.op()).isEqualTo("+");
        assertThat(((Binary) sum.rhs()).op()).isEqualTo("*");

        Binary minus = (Binary) PromQl.parse("a - b - c");
        assertThat(((Binary) minus.lhs()).op()).as("left-associative").isEqualTo("-");

        Binary power = (Binary) PromQl.parse("2 ^ 3 ^ 2");
        assertThat(power.lhs()).isInstanceOf(NumberLiteral.class);
        assertThat(((Binary) power.rhs()).op()).as("right-associative").isEqualTo("^");

        Unary negative = (Unary) PromQl.parse("-2 ^ 2");
        assertThat(((Binary) negative.expr()).op()).as("-2^2 is -(2^2)").isEqualTo("^");

        Binary or = (Binary) PromQl.parse("a or b and c");
        assertThat(or.op()).isEqualTo("or");
        assertThat(((Binary) or.rhs()).op()).isEqualTo("and");

        Binary unless = (Binary) PromQl.parse("x > 0 unless on (t) y > 0");
        assertThat(unless.op()).isEqualTo("unless");
        assertThat(unless.matching()).isEqualTo("on");
        assertThat(unless.matchingLabels()).containsExactly("t");
        assertThat(((Binary) unless.lhs()).op()).isEqualTo(">");
        assertThat(((Binary) unless.rhs()).op()).isEqualTo(">");

        Aggregation late = (Aggregation) PromQl.parse("sum(x) by (a, b)");
        assertThat(late.grouping()).containsExactly("a", "b");
    }

    @Test
    void queriesOverTheTree() {
        Expr expr = PromQl.parse("label_replace(sum by (topic) (increase(a_total[10m])), \"topic\", \"$1\", \"topic\","
                + " \"(.+)[.]dlq\") > 0 or sum by (topic) (increase(b_total[10m])) > 0");
        assertThat(PromQl.metricNames(expr)).containsExactly("a_total", "b_total");
        assertThat(PromQl.functions(expr)).containsExactly("label_replace", "increase");
        assertThat(PromQl.outputLabels(expr)).contains(Set.of("topic"));
        assertThat(PromQl.outputLabels(PromQl.parse("up == 0"))).isEmpty();
        assertThat(PromQl.outputLabels(PromQl.parse("max(x) > 1"))).contains(Set.of());
        assertThat(PromQl.outputLabels(PromQl.parse("absent(x{namespace=\"n\", a=~\"b\"})")))
                .contains(Set.of("namespace"));
        assertThat(PromQl.outputLabels(PromQl.parse("histogram_quantile(0.5, sum by (le, job) (rate(h[5m])))")))
                .contains(Set.of("job"));
        assertThat(PromQl.isDuration("5m")).isTrue();
        assertThat(PromQl.isDuration("1h30m")).isTrue();
        assertThat(PromQl.isDuration("5 minutes")).isFalse();
        assertThat(PromQl.isDuration("")).isFalse();
    }
}
