package com.carbon254.dataset.command.rest;

import com.carbon254.api.runtime.rest.ProblemException;
import com.carbon254.dataset.command.service.DatasetProblems;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the version a change is based on from {@code If-Match} (the ETag this API returns: {@code "3"}; a weak
 * {@code W/"3"} or a bare {@code 3} are accepted too, {@code *} means "whatever the current version") or from the
 * body's {@code expectedVersion}.
 */
final class VersionPreconditions {

    static final String IF_MATCH = "If-Match";
    private static final Pattern ENTITY_TAG = Pattern.compile("^(?:W/)?\"?(\\d{1,18})\"?$");

    private VersionPreconditions() {
    }

    /** A result meaning "any version" (If-Match: *). */
    static final Long ANY = null;

    /**
     * The expected version, or {@link #ANY}.
     *
     * @param required whether the change must name a version (PUT: yes, 428 otherwise; DELETE: no)
     */
    static Long expectedVersion(String ifMatch, Long bodyVersion, boolean required) {
        Long headerVersion = null;
        boolean wildcard = false;
        if (ifMatch != null && !ifMatch.isBlank()) {
            String value = ifMatch.trim();
            if (value.equals("*")) {
                wildcard = true;
            } else {
                Matcher matcher = ENTITY_TAG.matcher(value);
                if (!matcher.matches()) {
                    throw ProblemException.invalid(IF_MATCH, "must be the dataset's ETag, e.g. \"3\", or *");
                }
                headerVersion = Long.parseLong(matcher.group(1));
            }
        }
        if (headerVersion != null && bodyVersion != null && !headerVersion.equals(bodyVersion)) {
            throw ProblemException.invalid("expectedVersion", "disagrees with If-Match (" + headerVersion + ")");
        }
        Long expected = headerVersion != null ? headerVersion : bodyVersion;
        if (expected == null && !wildcard && required) {
            throw DatasetProblems.PRECONDITION_REQUIRED.exception(
                    "Send If-Match with the dataset's current version (its ETag) or expectedVersion in the body, "
                            + "so that the change cannot overwrite one you have not seen");
        }
        return expected;
    }

    /** The ETag of a version. */
    static String entityTag(long version) {
        return "\"" + version + "\"";
    }
}
