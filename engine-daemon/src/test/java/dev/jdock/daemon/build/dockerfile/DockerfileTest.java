package dev.jdock.daemon.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines, directives, continuations, comments and limits; the instructions themselves are in InstructionsTest. */
class DockerfileTest {
    static Dockerfile parse(String text) {
        return Dockerfile.parse(new StringReader(text), 1 << 20);
    }

    static String error(String text) {
        EngineException e = assertThrows(EngineException.class, () -> parse(text));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        return e.getMessage();
    }

    @Test
    void continuation_joinsLinesKeepingIndentation() {
        Dockerfile d = parse("FROM busybox\nRUN echo a && \\\n    echo b\n");
        Run run = (Run) d.instructions().get(1);
        assertEquals("RUN echo a &&     echo b", run.original());
        assertEquals(List.of("echo a &&     echo b"), run.command());
        assertEquals(2, run.line());
    }

    @Test
    void continuation_blanksAfterEscapeAllowed() {
        Run run = (Run) parse("FROM x\nRUN a \\  \t\nb").instructions().get(1);
        assertEquals("RUN a b", run.original());
    }

    @Test
    void commentInsideContinuation_isSkipped() {
        Run run = (Run) parse("FROM x\nRUN a \\\n# note\n  # indented note\n b\n").instructions().get(1);
        assertEquals("RUN a  b", run.original());
    }

    @Test
    void emptyContinuationLine_isSkippedWithWarning() {
        Dockerfile d = parse("FROM x\nRUN a \\\n\n  \nb\n");
        assertEquals("RUN a b", d.instructions().get(1).original());
        assertEquals(List.of("Empty continuation line found in: RUN a b"), d.warnings());
    }

    @Test
    void lineNumbers_countContinuationsAndComments() {
        Dockerfile d = parse("# c\n\nFROM x\nRUN a \\\n b\n\n# c\nCMD c\n");
        assertEquals(List.of(3, 4, 8), d.instructions().stream().map(Instruction::line).toList());
    }

    @Test
    void crlfBomAndLeadingWhitespace_areTolerated() {
        Dockerfile d = parse("\uFEFFFROM x\r\n   RUN a \\\r\n b\r\n\tCMD c\r\n");
        assertEquals(List.of("FROM", "RUN", "CMD"), d.keywords());
        assertEquals("RUN a  b", d.instructions().get(1).original());
        assertEquals("x", ((From) d.instructions().get(0)).image());
    }

    @Test
    void escapedEscapeAtEndOfLine_doesNotContinue() {
        Dockerfile d = parse("FROM x\nRUN echo \\\\\nCMD y\n");
        assertEquals("RUN echo \\\\", d.instructions().get(1).original());
        assertEquals(List.of("FROM", "RUN", "CMD"), d.keywords());
        assertEquals("RUN a", parse("FROM x\nRUN a \\\n\\\n").instructions().get(1).original());
    }

    @Test
    void physicalLineLimit_isDockers() {
        Dockerfile.parse(new StringReader("FROM x\nRUN " + "a".repeat(65531) + "\n"), Integer.MAX_VALUE);
        EngineException e = assertThrows(EngineException.class, () -> Dockerfile.parse(
                new StringReader("FROM x\nRUN " + "\u00e9".repeat(32766) + "\n"), Integer.MAX_VALUE));
        assertEquals("dockerfile parse error line 2: dockerfile line greater than max allowed size of 65535",
                e.getMessage());
    }

    @Test
    void continuationAtEndOfFile_endsInstruction() {
        assertEquals("RUN a", parse("FROM x\nRUN a \\").instructions().get(1).original());
    }

    @Test
    void keywords_areCaseInsensitive() {
        assertEquals(List.of("FROM", "RUN"), parse("from x\nrUn a").keywords());
    }

    @Test
    void escapeDirective_backtick() {
        Dockerfile d = parse("# escape=`\nFROM x\nRUN dir c:\\ `\n  && echo\n");
        assertEquals('`', d.directives().escape());
        assertEquals("RUN dir c:\\   && echo", d.instructions().get(1).original());
    }

    @Test
    void directives_caseInsensitiveWithBlanks() {
        Dockerfile d = parse("#  SYNTAX = docker/dockerfile:1 \n#\tEscape=\\\n# check=skip=all\nFROM x");
        assertEquals(new Directives('\\', "docker/dockerfile:1", "skip=all"), d.directives());
    }

    @Test
    void directive_afterCommentOrBlankOrInstruction_isAComment() {
        assertEquals('\\', parse("# hello\n# escape=`\nFROM x").directives().escape());
        assertEquals('\\', parse("\n# escape=`\nFROM x").directives().escape());
        assertEquals('\\', parse("FROM x\n# escape=`\nRUN a").directives().escape());
        assertEquals('\\', parse("# unknown=1\n# escape=`\nFROM x").directives().escape());
    }

    @Test
    void directive_duplicate_isError() {
        assertEquals("dockerfile parse error line 2: only one escape parser directive can be used",
                error("# escape=`\n# ESCAPE=`\nFROM x"));
        assertEquals("dockerfile parse error line 2: only one syntax parser directive can be used",
                error("# syntax=a\n# syntax=b\nFROM x"));
    }

    @Test
    void directive_badEscape_isError() {
        assertEquals("dockerfile parse error line 1: invalid escape token 'x' does not match ` or \\",
                error("# escape=x\nFROM x"));
    }

    @Test
    void emptyFile_isError() {
        assertEquals("dockerfile parse error line 2: file with no instructions", error("# only\n\n"));
        assertEquals("dockerfile parse error line 1: file with no instructions", error(""));
    }

    @Test
    void unknownInstruction_isErrorWithLine() {
        assertEquals("dockerfile parse error line 3: unknown instruction: FOO", error("FROM x\n\nfoo bar\n"));
    }

    @Test
    void instructionBeforeFrom_isError() {
        assertEquals("dockerfile parse error line 2: no build stage in current context", error("ARG a\nRUN x\nFROM y"));
    }

    @Test
    void totalSizeLimit_isEnforced() {
        EngineException e = assertThrows(EngineException.class,
                () -> Dockerfile.parse(new StringReader("FROM x\nRUN " + "a".repeat(100)), 50));
        assertEquals("dockerfile parse error line 2: the Dockerfile exceeds the maximum size of 50 bytes",
                e.getMessage());
        Dockerfile.parse(new StringReader("FROM x\nRUN a"), 12);
    }

    @Test
    void instructionLimit_isEnforcedOnJoinedLines() {
        String part = "a".repeat(1000) + " \\\n";
        String text = "FROM x\nRUN " + part.repeat(Dockerfile.MAX_INSTRUCTION_BYTES / 1000 + 2) + "b\n";
        EngineException e = assertThrows(EngineException.class,
                () -> Dockerfile.parse(new StringReader(text), Integer.MAX_VALUE));
        assertEquals("dockerfile parse error line 2: instruction exceeds the maximum length of "
                + Dockerfile.MAX_INSTRUCTION_BYTES + " bytes", e.getMessage());
    }

    @Test
    void longContinuation_parsesInLinearTime() {
        String text = "FROM x\nRUN " + "echo a \\\n".repeat(50_000) + "end\n";
        Run run = (Run) Dockerfile.parse(new StringReader(text), Integer.MAX_VALUE).instructions().get(1);
        assertTrue(run.original().endsWith("echo a end"));
    }

    @Test
    void triggers_parseForChildBuild() {
        List<Instruction> t = Dockerfile.parseTriggers(List.of("RUN echo hi", "COPY a /b"));
        assertEquals(2, t.size());
        assertEquals("RUN echo hi", t.get(0).original());
        assertEquals("dockerfile parse error line 1: FROM isn't allowed as an ONBUILD trigger",
                assertThrows(EngineException.class, () -> Dockerfile.parseTriggers(List.of("FROM x"))).getMessage());
    }

    @Test
    void onbuildHeredocTrigger_roundTrips() {
        Onbuild o = (Onbuild) parse("FROM x\nONBUILD RUN <<EOF\necho hi\nEOF\n").instructions().get(1);
        assertEquals("RUN <<EOF\necho hi\nEOF", o.expression());
        Run inner = (Run) Dockerfile.parseTriggers(List.of(o.expression())).get(0);
        assertEquals("echo hi\n", inner.script());
        assertFalse(inner.heredocs().isEmpty());
        assertNull(inner.network());
    }
}
