package dev.jdock.daemon.stats;

import dev.jdock.api.types.container.ContainerTopResponse;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /containers/{id}/top}: runs the host's {@code ps} with the client's arguments and keeps the rows
 * whose PID is in the container's cgroup, as moby does. As moby's containerTop, the container's pids are given to
 * ps too ({@code -q1,2,3}), so options that select fewer processes than all ({@code -o pid,comm} alone shows the
 * caller's session only) still show the container's; when ps refuses them together (some options, such as
 * {@code f}, cannot go with {@code -q}) it runs again without.
 */
public final class ProcessTop {
    /** The most of ps's output read ({@link #readAll}). */
    static final int MAX_OUTPUT = 8 << 20;

    private final String psBinary;

    public ProcessTop(String psBinary) {
        this.psBinary = psBinary;
    }

    public ContainerTopResponse top(String psArgs, Set<Integer> pids) {
        String args = psArgs == null || psArgs.isBlank() ? "-ef" : psArgs.trim();
        List<String> cmd = new ArrayList<>();
        cmd.add(psBinary);
        cmd.addAll(Arrays.asList(args.split("\\s+")));
        if (!pids.isEmpty()) {
            List<String> quick = new ArrayList<>(cmd);
            quick.add(pidsArg(pids));
            try {
                return parse(run(quick), pids);
            } catch (PsFailed e) {
                // moby: retry without -q
            }
        }
        try {
            return parse(run(cmd), pids);
        } catch (PsFailed e) {
            throw EngineException.system(e.getMessage(), null);
        }
    }

    /** moby's psPidsArg: {@code -q} and the pids joined by commas, ascending. */
    static String pidsArg(Set<Integer> pids) {
        StringBuilder b = new StringBuilder("-q");
        pids.stream().sorted().forEach(p -> b.append(b.length() > 2 ? "," : "").append(p));
        return b.toString();
    }

    /** ps ran and exited with a failure; the message is the one moby answers. */
    private static final class PsFailed extends Exception {
        private static final long serialVersionUID = 1L;

        PsFailed(String message) {
            super(message, null, false, false);
        }
    }

    private static String run(List<String> cmd) throws PsFailed {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw EngineException.system("running ps: " + e.getMessage(), e);
        }
        try {
            p.getOutputStream().close();
            String out = readAll(p.getInputStream());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw EngineException.system("ps did not finish", null);
            }
            if (p.exitValue() != 0) {
                String first = out.strip().lines().findFirst().orElse(""); // dockerd: the first line says why
                throw new PsFailed("ps: " + (first.isEmpty() ? "exit status " + p.exitValue() : first));
            }
            return out;
        } catch (IOException e) {
            throw EngineException.system("running ps: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.system("interrupted running ps", e);
        } finally {
            p.destroyForcibly(); // gone already, unless it stalled or wrote too much
        }
    }

    /**
     * ps's output, at most {@link #MAX_OUTPUT} bytes: the rows are the container's processes, whose command lines
     * are theirs to make (ps shows up to 128 KiB of each), and 600 processes of a container took the 128 MiB heap
     * (a 500 {@code Java heap space}, any other request failing meanwhile as well). moby reads it all.
     */
    private static String readAll(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_OUTPUT + 1);
        if (b.length > MAX_OUTPUT) {
            throw EngineException.system("ps: its output is larger than " + (MAX_OUTPUT >> 20) + " MiB (the"
                    + " container's processes and their command lines): use ps on the host", null);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Splits ps output into titles and rows (the last column keeps its spaces) and filters by PID. */
    static ContainerTopResponse parse(String output, Set<Integer> pids) {
        String[] lines = output.split("\n");
        List<String> titles = List.of(lines[0].trim().split("\\s+"));
        int pidIndex = titles.indexOf("PID");
        if (pidIndex < 0) {
            throw EngineException.system("Couldn't find PID field in ps output", null);
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] f = lines[i].trim().split("\\s+", titles.size());
            if (f.length <= pidIndex) {
                continue;
            }
            int pid;
            try {
                pid = Integer.parseInt(f[pidIndex]);
            } catch (NumberFormatException e) {
                throw EngineException.system("Unexpected pid '" + f[pidIndex] + "'", null);
            }
            if (pids.contains(pid)) {
                rows.add(List.of(f));
            }
        }
        return new ContainerTopResponse(titles, rows);
    }
}
