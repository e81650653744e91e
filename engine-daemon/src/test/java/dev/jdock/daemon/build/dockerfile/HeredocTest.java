package dev.jdock.daemon.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeredocTest {
    private static Dockerfile parse(String text) {
        return DockerfileTest.parse(text);
    }

    @Test
    void runHeredoc_isTheCommand() {
        Dockerfile d = parse("FROM x\nRUN <<EOF\necho a\necho b\nEOF\nCMD c\n");
        Run run = (Run) d.instructions().get(1);
        assertEquals("RUN <<EOF", run.original());
        assertEquals(List.of(new Heredoc("EOF", "echo a\necho b\n", true, false)), run.heredocs());
        assertTrue(run.heredocIsCommand());
        assertEquals("echo a\necho b\n", run.script());
        assertEquals(6, d.instructions().get(2).line());
    }

    @Test
    void runHeredoc_fedToCommand() {
        Run run = (Run) parse("FROM x\nRUN python3 <<EOF\nprint(1)\nEOF\n").instructions().get(1);
        assertFalse(run.heredocIsCommand());
        assertEquals("python3 <<EOF\nprint(1)\nEOF", run.script());
    }

    @Test
    void chomp_stripsLeadingTabsOfLinesAndTerminator() {
        Run run = (Run) parse("FROM x\nRUN <<-EOF\n\techo a\n\t\techo b\n\tEOF\n").instructions().get(1);
        Heredoc h = run.heredocs().get(0);
        assertTrue(h.chomp());
        assertEquals("\techo a\n\t\techo b\n", h.content());
        assertEquals("echo a\necho b\n", h.effectiveContent());
    }

    @Test
    void quotedDelimiters_doNotExpand() {
        Run run = (Run) parse("FROM x\nRUN <<\"EOF\" cat <<'E2'\na\nEOF\nb\nE2\n").instructions().get(1);
        assertEquals(List.of(new Heredoc("EOF", "a\n", false, false), new Heredoc("E2", "b\n", false, false)),
                run.heredocs());
    }

    @Test
    void copyHeredocs_becomeFiles() {
        Copy c = (Copy) parse("FROM x\nCOPY <<a <<b /dir/\nA\na\nB\nb\n").instructions().get(1);
        assertEquals(List.of(), c.sources());
        assertEquals(List.of(new Heredoc("a", "A\n", true, false), new Heredoc("b", "B\n", true, false)),
                c.heredocs());
        assertEquals("/dir/", c.dest());
    }

    @Test
    void copyHeredoc_expandsUnlessQuoted() {
        Copy c = (Copy) parse("FROM x\nCOPY <<EOF <<'RAW' /d/\nv=$V\nEOF\nv=$V\nRAW\n").instructions().get(1);
        Copy x = (Copy) c.expanded(Lookup.of(Map.of("V", "1")));
        assertEquals("v=1\n", x.heredocs().get(0).content());
        assertEquals("v=$V\n", x.heredocs().get(1).content());
    }

    @Test
    void heredocDestination_isRefused() {
        assertEquals("dockerfile parse error line 2: COPY cannot accept a heredoc as a destination",
                assertThrows(EngineException.class, () -> parse("FROM x\nCOPY a <<EOF\nx\nEOF\n")).getMessage());
    }

    @Test
    void content_keepsLineEndingsAsWritten() {
        Run run = (Run) parse("FROM x\r\nRUN <<EOF\r\necho a\r\nEOF\r\n").instructions().get(1);
        assertEquals("echo a\r\n", run.heredocs().get(0).content());
    }

    @Test
    void unsetVariableInDelimiter_staysAsWritten() {
        assertEquals(new Heredoc("$EOF", "", true, false), Heredoc.opener("<<$EOF"));
        assertEquals(new Heredoc("EOF", "", false, false), Heredoc.opener("<<E\"O\"F"));
        assertEquals(new Heredoc("a b", "", false, true), Heredoc.opener("<<-'a b'"));
    }

    @Test
    void unterminated_isError() {
        assertEquals("dockerfile parse error line 2: unterminated heredoc",
                assertThrows(EngineException.class, () -> parse("FROM x\nRUN <<EOF\necho\n")).getMessage());
    }

    @Test
    void notHeredocs_whereDockerSeesNone() {
        Run shift = (Run) parse("FROM x\nRUN echo $((1<<2))\n").instructions().get(1);
        assertTrue(shift.heredocs().isEmpty());
        Run exec = (Run) parse("FROM x\nRUN [\"cat\", \"<<EOF\"]\nCMD x\n").instructions().get(1);
        assertTrue(exec.heredocs().isEmpty());
        Env env = (Env) parse("FROM x\nENV A=<<EOF\n").instructions().get(1);
        assertEquals("<<EOF", env.pairs().get(0).value());
        assertNull(Heredoc.opener("<<"));
        assertNull(Heredoc.opener("a<<EOF"));
        assertEquals("EOF", Heredoc.opener("3<<EOF").name());
    }
}
