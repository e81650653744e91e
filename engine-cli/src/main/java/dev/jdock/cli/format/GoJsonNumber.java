package dev.jdock.cli.format;

/**
 * A number of docker's raw-map pass ({@code docker inspect}'s fallback when its typed pass fails, or a template naming
 * {@code .Id}): the docker CLI decodes the JSON with {@code UseNumber}, so a number is a {@code json.Number}, a string
 * type with a String method. It prints as its literal, {@code json} writes the literal, {@code %T} is
 * {@code json.Number}, {@code %d} refuses it, {@code len} counts its characters, a zero is true, and {@code eq} with
 * an int refuses: incompatible types.
 */
public record GoJsonNumber(String text) {
    @Override
    public String toString() {
        return text;
    }

    /** {@code json} in docker's raw pass: a copy of the parsed JSON with every number a {@link GoJsonNumber}. */
    public static Object numbersOf(Object json) {
        if (json instanceof java.util.Map<?, ?> m) {
            java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, numbersOf(v)));
            return out;
        }
        if (json instanceof java.util.List<?> l) {
            java.util.List<Object> out = new java.util.ArrayList<>(l.size());
            l.forEach(v -> out.add(numbersOf(v)));
            return out;
        }
        if (json instanceof Double d) {
            return new GoJsonNumber(GoPrintf.json(d));
        }
        return json instanceof Number n ? new GoJsonNumber(n.toString()) : json;
    }
}
