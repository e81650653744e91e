package dev.jdock.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** COPY, ADD and VOLUME: the instructions whose arguments are a JSON array or whitespace-separated words. */
final class FileParsers {
    private FileParsers() {
    }

    /** parseMaybeJSONToList. */
    static List<String> jsonOrWords(String rest) {
        List<String> json = JsonArgs.parse(rest);
        return json != null ? json : Words.whitespace(rest);
    }

    private record Sources(List<String> paths, List<Heredoc> heredocs, String dest) {
    }

    private static Sources sources(InstructionParser.Req r, String name) {
        List<String> args = jsonOrWords(r.rest());
        if (args.size() < 2) {
            throw new ParseFailure(name + " requires at least two arguments, but only one was provided. "
                    + "Destination could not be determined.");
        }
        String dest = args.get(args.size() - 1);
        boolean heredocs = !r.heredocs().isEmpty();
        if (heredocs && Heredoc.opener(dest) != null) {
            throw new ParseFailure(name + " cannot accept a heredoc as a destination");
        }
        List<String> paths = new ArrayList<>();
        List<Heredoc> docs = new ArrayList<>();
        int next = 0;
        for (String src : args.subList(0, args.size() - 1)) {
            if (heredocs && next < r.heredocs().size() && Heredoc.opener(src) != null) {
                docs.add(r.heredocs().get(next++));
            } else {
                paths.add(src);
            }
        }
        return new Sources(List.copyOf(paths), List.copyOf(docs), dest);
    }

    static Copy copy(InstructionParser.Req r) {
        Flags f = r.flags().string("from").string("chown").string("chmod").bool("link").parse();
        Sources s = sources(r, "COPY");
        return new Copy(r.line(), r.original(), s.paths(), s.heredocs(), s.dest(), f.value("from"),
                f.value("chown"), f.value("chmod"), f.isTrue("link"));
    }

    static Add add(InstructionParser.Req r) {
        Flags f = r.flags().string("chown").string("chmod").bool("link").string("checksum").bool("keep-git-dir")
                .parse();
        Sources s = sources(r, "ADD");
        return new Add(r.line(), r.original(), s.paths(), s.heredocs(), s.dest(), f.value("chown"),
                f.value("chmod"), f.isTrue("link"), f.value("checksum"), f.isTrue("keep-git-dir"));
    }

    static Volume volume(InstructionParser.Req r) {
        List<String> args = jsonOrWords(r.rest());
        if (args.isEmpty()) {
            throw new ParseFailure("VOLUME requires at least one argument");
        }
        r.flags().parse();
        List<String> out = new ArrayList<>();
        for (String v : args) {
            String t = v.strip();
            if (t.isEmpty()) {
                throw new ParseFailure("VOLUME specified can not be an empty string");
            }
            out.add(t);
        }
        return new Volume(r.line(), r.original(), List.copyOf(out));
    }
}
