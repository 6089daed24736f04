package io.tradewind.model.form;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * A small JavaScript tokenizer, enough to find the names an expression uses and to spot unbalanced
 * brackets and unterminated strings, template literals, comments and regular expressions. It does
 * not parse the grammar.
 */
final class JsTokenizer {

    /** Token kinds. */
    enum Kind {
        IDENT, NUMBER, STRING, TEMPLATE, REGEX, PUNCT
    }

    /** A token and its 0-based position. */
    record Token(Kind kind, String text, int pos) {

        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }
    }

    /**
     * The tokens read, and the first syntax error (null when none); on an error the tokens stop there.
     */
    record Result(List<Token> tokens, String error) {
    }

    private static final String[] PUNCTUATORS = {">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=",
            "??=", "=>", "?.", "==", "!=", "<=", ">=", "&&", "||", "??", "**", "++", "--", "+=", "-=", "*=", "/=", "%=",
            "&=", "|=", "^=", "<<", ">>"};
    private static final Set<String> REGEX_AFTER_WORDS = Set.of("return", "typeof", "instanceof", "in", "of", "new",
            "delete", "void", "throw", "case", "do", "else");

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    /** Open brackets: "(", "[", "{" or "${", with their positions. */
    private final Deque<Token> open = new ArrayDeque<>();
    private int i;

    private JsTokenizer(String src) {
        this.src = src;
    }

    /** Tokenizes an expression. */
    static Result tokenize(String src) {
        var tokenizer = new JsTokenizer(src);
        String error;
        try {
            tokenizer.run();
            error = tokenizer.unclosed();
        } catch (SyntaxError e) {
            error = e.getMessage();
        }
        return new Result(List.copyOf(tokenizer.tokens), error);
    }

    private void run() {
        while (i < src.length()) {
            char c = src.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (src.startsWith("//", i)) {
                int end = src.indexOf('\n', i);
                i = end < 0 ? src.length() : end;
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new SyntaxError("the comment starting at position " + (i + 1) + " is not closed");
                }
                i = end + 2;
            } else if (c == '"' || c == '\'') {
                string(c);
            } else if (c == '`') {
                i++;
                template(i - 1);
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < src.length() && Character.isJavaIdentifierPart(src.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENT, src.substring(start, i), start));
            } else if (Character.isDigit(c)
                    || c == '.' && i + 1 < src.length() && Character.isDigit(src.charAt(i + 1))) {
                number();
            } else if (c == '/' && regexAllowed()) {
                regex();
            } else {
                punctuator();
            }
        }
    }

    private void string(char quote) {
        int start = i++;
        while (i < src.length() && src.charAt(i) != quote) {
            char c = src.charAt(i);
            if (c == '\n') {
                break;
            }
            i += c == '\\' ? 2 : 1;
        }
        if (i >= src.length() || src.charAt(i) != quote) {
            throw new SyntaxError("the string starting at position " + (start + 1) + " is not closed");
        }
        i++;
        tokens.add(new Token(Kind.STRING, src.substring(start, i), start));
    }

    /**
     * Scans template text from i until the closing backtick or a "${", which opens a nested expression.
     */
    private void template(int start) {
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '`') {
                i++;
                tokens.add(new Token(Kind.TEMPLATE, "`", start));
                return;
            } else if (src.startsWith("${", i)) {
                tokens.add(new Token(Kind.TEMPLATE, "`", start));
                var brace = new Token(Kind.PUNCT, "${", i);
                tokens.add(brace);
                open.push(brace);
                i += 2;
                return;
            } else {
                i++;
            }
        }
        throw new SyntaxError("the template literal starting at position " + (start + 1) + " is not closed");
    }

    private void number() {
        int start = i;
        boolean hex = src.startsWith("0x", i) || src.startsWith("0X", i);
        while (i < src.length()) {
            char c = src.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                i++;
            } else if ((c == '+' || c == '-') && !hex && (src.charAt(i - 1) == 'e' || src.charAt(i - 1) == 'E')) {
                i++;
            } else {
                break;
            }
        }
        tokens.add(new Token(Kind.NUMBER, src.substring(start, i), start));
    }

    private boolean regexAllowed() {
        if (tokens.isEmpty()) {
            return true;
        }
        var last = tokens.getLast();
        return switch (last.kind()) {
            case IDENT -> REGEX_AFTER_WORDS.contains(last.text());
            case PUNCT -> !last.is(")") && !last.is("]") && !last.is("}");
            default -> false;
        };
    }

    private void regex() {
        int start = i++;
        boolean inClass = false;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\n') {
                break;
            } else if (c == '\\') {
                i += 2;
                continue;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                i++;
                while (i < src.length() && Character.isLetter(src.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.REGEX, src.substring(start, i), start));
                return;
            }
            i++;
        }
        throw new SyntaxError("the regular expression starting at position " + (start + 1) + " is not closed");
    }

    private void punctuator() {
        int start = i;
        String text = null;
        for (var p : PUNCTUATORS) {
            if (src.startsWith(p, i)) {
                text = p;
                break;
            }
        }
        if (text == null || text.equals("?.") && i + 2 < src.length() && Character.isDigit(src.charAt(i + 2))) {
            text = String.valueOf(src.charAt(i));
        }
        i += text.length();
        var token = new Token(Kind.PUNCT, text, start);
        tokens.add(token);
        switch (text) {
            case "(", "[", "{" -> open.push(token);
            case ")", "]", "}" -> close(token);
            default -> {
            }
        }
    }

    private void close(Token closing) {
        if (open.isEmpty()) {
            throw new SyntaxError(
                    "'" + closing.text() + "' at position " + (closing.pos() + 1) + " has no opening bracket");
        }
        var opening = open.pop();
        String expected = switch (opening.text()) {
            case "(" -> ")";
            case "[" -> "]";
            default -> "}";
        };
        if (!closing.text().equals(expected)) {
            throw new SyntaxError("'" + closing.text() + "' at position " + (closing.pos() + 1) + " does not match '"
                    + opening.text() + "' at position " + (opening.pos() + 1));
        }
        if (opening.text().equals("${")) {
            template(opening.pos());
        }
    }

    private String unclosed() {
        if (open.isEmpty()) {
            return null;
        }
        var first = open.getLast();
        return "'" + first.text() + "' at position " + (first.pos() + 1) + " is not closed";
    }

    private static final class SyntaxError extends RuntimeException {

        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }
}
