package org.together.schemas.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registry and Kafka URLs as they may be logged or put in an error message: a password given in the URL
 * ({@code https://user:password@host}, {@code basic.auth.credentials.source=URL}) is replaced by {@code ***}, the
 * user name kept so that the operator still sees which account was used (review 18).
 */
public final class RedactedUrls {

    /** The user info of each {@code scheme://user:password@} in the text: up to the first '@' before a '/', space or ','. */
    private static final Pattern USER_INFO = Pattern.compile("://([^/@\\s,]*)@");

    private RedactedUrls() {
    }

    /**
     * {@code text} with the password of every URL in it replaced: {@code https://user:***@host}; user info without a
     * password (a token) becomes {@code ***}. One URL, a comma-separated list, or a message that quotes URLs.
     */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = USER_INFO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String userInfo = m.group(1);
            int colon = userInfo.indexOf(':');
            String kept = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
            m.appendReplacement(out, Matcher.quoteReplacement("://" + kept + "@"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
