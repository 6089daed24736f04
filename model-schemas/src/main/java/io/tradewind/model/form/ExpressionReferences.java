package io.tradewind.model.form;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tradewind.model.form.JsTokenizer.Kind;
import io.tradewind.model.form.JsTokenizer.Token;

/**
 * Finds what a JavaScript expression refers to, without running it: the free identifiers (names
 * that must come from the record's fields or the standard library), and obvious syntax problems.
 * <p>
 * Not free: names after {@code .} or {@code ?.} (property access), object-literal keys ({@code {a:
 * 1}}; a shorthand {@code {a}} is a reference), arrow-function parameters inside their body
 * ({@code l => l.amount}, {@code (a, b) => a + b}), keywords and the literals {@code true},
 * {@code false}, {@code null}. Text inside strings, template literals (except their {@code ${...}}
 * parts), comments and regular expressions is ignored.
 */
public final class ExpressionReferences {

    private static final Set<String> KEYWORDS = Set.of("break", "case", "catch", "class", "const", "continue",
            "debugger", "default", "delete", "do", "else", "export", "extends", "finally", "for", "function", "if",
            "import", "in", "instanceof", "new", "return", "super", "switch", "this", "throw", "try", "typeof", "var",
            "void", "while", "with", "yield", "let", "static", "enum", "await", "implements", "package", "protected",
            "interface", "private", "public", "true", "false", "null");

    private ExpressionReferences() {
    }

    /** An arrow function's parameters and the token range of the function (parameters and body). */
    private record Scope(int from, int to, Set<String> names) {
    }

    /**
     * The free identifiers of an expression, in order of first use. Best effort on invalid input: an
     * expression with a syntax problem yields the names found before it.
     */
    public static Set<String> freeIdentifiers(String jsExpression) {
        var tokens = JsTokenizer.tokenize(jsExpression).tokens();
        var enclosing = enclosingBrackets(tokens);
        var bindings = new HashSet<Integer>();
        var scopes = arrowScopes(tokens, bindings);
        var names = new LinkedHashSet<String>();
        for (int k = 0; k < tokens.size(); k++) {
            var token = tokens.get(k);
            if (token.kind() != Kind.IDENT || KEYWORDS.contains(token.text()) || bindings.contains(k)) {
                continue;
            }
            var prev = k > 0 ? tokens.get(k - 1) : null;
            if (prev != null && (prev.is(".") || prev.is("?."))) {
                continue;
            }
            if (isObjectKey(tokens, enclosing, k) || isLocal(scopes, k, token.text())) {
                continue;
            }
            names.add(token.text());
        }
        return names;
    }

    /**
     * The property names read from a free identifier, in order of first use: for {@code object}
     * {@code "outputs"}, the expression {@code outputs.quotes.length > outputs.limit} yields
     * {@code quotes} and {@code limit}. Computed property access ({@code outputs[k]}) is not listed.
     */
    public static Set<String> memberNames(String jsExpression, String object) {
        var tokens = JsTokenizer.tokenize(jsExpression).tokens();
        var names = new LinkedHashSet<String>();
        for (int k = 0; k + 2 < tokens.size(); k++) {
            var token = tokens.get(k);
            var prev = k > 0 ? tokens.get(k - 1) : null;
            boolean free = prev == null || !(prev.is(".") || prev.is("?."));
            var dot = tokens.get(k + 1);
            var name = tokens.get(k + 2);
            if (free && token.kind() == Kind.IDENT && token.text().equals(object) && (dot.is(".") || dot.is("?."))
                    && name.kind() == Kind.IDENT) {
                names.add(name.text());
            }
        }
        return names;
    }

    /**
     * The text literals passed as the only argument of calls to {@code function}, in order of first
     * use: for {@code "changed"}, the expression {@code changed('stage') || changed("owner")} yields
     * {@code stage} and {@code owner}. Calls with another kind of argument are not listed.
     */
    public static Set<String> literalArguments(String jsExpression, String function) {
        var tokens = JsTokenizer.tokenize(jsExpression).tokens();
        var names = new LinkedHashSet<String>();
        for (int k = 0; k + 3 < tokens.size(); k++) {
            var prev = k > 0 ? tokens.get(k - 1) : null;
            boolean free = prev == null || !(prev.is(".") || prev.is("?."));
            var call = tokens.get(k);
            var arg = tokens.get(k + 2);
            if (free && call.kind() == Kind.IDENT && call.text().equals(function) && tokens.get(k + 1).is("(")
                    && arg.kind() == Kind.STRING && tokens.get(k + 3).is(")") && arg.text().length() >= 2) {
                names.add(arg.text().substring(1, arg.text().length() - 1));
            }
        }
        return names;
    }

    /**
     * The text of an expression that is nothing but one string literal ({@code 'approved'}), without
     * its quotes; empty otherwise.
     */
    public static Optional<String> stringLiteral(String jsExpression) {
        var result = JsTokenizer.tokenize(jsExpression);
        var tokens = result.tokens();
        if (result.error() != null || tokens.size() != 1 || tokens.getFirst().kind() != Kind.STRING) {
            return Optional.empty();
        }
        String t = tokens.getFirst().text();
        return t.indexOf('\\') >= 0 ? Optional.empty() : Optional.of(t.substring(1, t.length() - 1));
    }

    /**
     * A description of the first syntax problem, if any: an empty expression, an unbalanced bracket, or
     * an unterminated string, template literal, comment or regular expression.
     */
    public static Optional<String> syntaxProblem(String expr) {
        if (expr == null || expr.isBlank()) {
            return Optional.of("the expression is empty");
        }
        var result = JsTokenizer.tokenize(expr);
        if (result.error() != null) {
            return Optional.of(result.error());
        }
        if (result.tokens().isEmpty()) {
            return Optional.of("the expression is empty");
        }
        return Optional.empty();
    }

    /**
     * For each token, the innermost open bracket around it ("(", "[", "{", "${"), or null at the top
     * level.
     */
    private static List<String> enclosingBrackets(List<Token> tokens) {
        var result = new ArrayList<String>(tokens.size());
        Deque<String> stack = new ArrayDeque<>();
        for (var token : tokens) {
            if (token.is(")") || token.is("]") || token.is("}")) {
                if (!stack.isEmpty()) {
                    stack.pop();
                }
            }
            result.add(stack.peek());
            if (token.is("(") || token.is("[") || token.is("{") || token.is("${")) {
                stack.push(token.text());
            }
        }
        return result;
    }

    private static boolean isObjectKey(List<Token> tokens, List<String> enclosing, int k) {
        if (!"{".equals(enclosing.get(k)) || k + 1 >= tokens.size() || !tokens.get(k + 1).is(":")) {
            return false;
        }
        var prev = tokens.get(k - 1);
        return prev.is("{") || prev.is(",");
    }

    private static boolean isLocal(List<Scope> scopes, int k, String name) {
        return scopes.stream().anyMatch(s -> s.from() <= k && k <= s.to() && s.names().contains(name));
    }

    /**
     * Finds the arrow functions, marks their parameter tokens in {@code bindings} and returns their
     * scopes.
     */
    private static List<Scope> arrowScopes(List<Token> tokens, Set<Integer> bindings) {
        var scopes = new ArrayList<Scope>();
        for (int k = 1; k < tokens.size(); k++) {
            if (!tokens.get(k).is("=>")) {
                continue;
            }
            var before = tokens.get(k - 1);
            var names = new HashSet<String>();
            int from;
            if (before.kind() == Kind.IDENT) {
                from = k - 1;
                names.add(before.text());
                bindings.add(k - 1);
            } else if (before.is(")")) {
                from = matchingOpen(tokens, k - 1);
                if (from < 0) {
                    continue;
                }
                for (int p = from + 1; p < k - 1; p++) {
                    if (isParameter(tokens, p)) {
                        names.add(tokens.get(p).text());
                        bindings.add(p);
                    }
                }
            } else {
                continue;
            }
            scopes.add(new Scope(from, bodyEnd(tokens, k + 1), names));
        }
        return scopes;
    }

    private static boolean isParameter(List<Token> tokens, int p) {
        var token = tokens.get(p);
        if (token.kind() != Kind.IDENT) {
            return false;
        }
        var prev = tokens.get(p - 1);
        boolean bindingPosition = prev.is("(") || prev.is(",") || prev.is("[") || prev.is("{") || prev.is("...")
                || prev.is(":");
        return bindingPosition && !tokens.get(p + 1).is(":");
    }

    private static int matchingOpen(List<Token> tokens, int close) {
        int depth = 0;
        for (int p = close; p >= 0; p--) {
            var token = tokens.get(p);
            if (token.is(")") || token.is("]") || token.is("}")) {
                depth++;
            } else if (token.is("(") || token.is("[") || token.is("{") || token.is("${")) {
                depth--;
                if (depth == 0) {
                    return token.is("(") ? p : -1;
                }
            }
        }
        return -1;
    }

    /**
     * The last token of an arrow body starting at {@code start}: up to a comma or bracket closing its
     * context.
     */
    private static int bodyEnd(List<Token> tokens, int start) {
        int depth = 0;
        for (int p = start; p < tokens.size(); p++) {
            var token = tokens.get(p);
            if (token.is("(") || token.is("[") || token.is("{") || token.is("${")) {
                depth++;
            } else if (token.is(")") || token.is("]") || token.is("}")) {
                if (--depth < 0) {
                    return p - 1;
                }
            } else if (depth == 0 && (token.is(",") || token.is(";"))) {
                return p - 1;
            }
        }
        return tokens.size() - 1;
    }
}
