package io.mfrecommender.text;

/**
 * Text a client sent, made fit to be said back in a problem: control characters (and the line
 * separators a log or terminal would break on) escaped as {@code \\uXXXX}, and cut short, so a
 * megabyte of input never becomes a megabyte of answer and an answer never smuggles a line break.
 */
public final class ClientText {

    /** Characters of client text said back. */
    public static final int MAX_ECHO = 64;
    /** Characters of a whole problem detail. */
    public static final int MAX_DETAIL = 1024;

    private ClientText() {}

    /** {@code 'text'}, escaped and cut to {@value #MAX_ECHO} characters. */
    public static String quote(Object value) {
        return "'" + of(value) + "'";
    }

    /** The text escaped and cut to {@value #MAX_ECHO} characters (with how long it was). */
    public static String of(Object value) {
        String text = String.valueOf(value);
        if (text.length() > MAX_ECHO) {
            return escape(text.substring(0, MAX_ECHO)) + "…(" + text.length() + " characters)";
        }
        return escape(text);
    }

    /** A whole detail, whatever went into it: escaped and cut to {@value #MAX_DETAIL} characters. */
    public static String detail(String detail) {
        if (detail == null) {
            return null;
        }
        String cut = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "…" : detail;
        return escape(cut);
    }

    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
            if (control) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
