package io.boomscooter.engine.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoomscooterCliTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        final CommandLine cli = BoomscooterCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsEverySubcommandAndExitsZero()
    {
        assertEquals(0, run("--help"));
        for (final String command : new String[]{"node", "produce", "promote", "subscribe", "log", "driver",
            "counters", "errors"})
        {
            assertTrue(out.toString().contains(command), "help lists " + command + ":\n" + out);
        }
    }

    @Test
    void everySubcommandHasHelp()
    {
        final CommandLine cli = BoomscooterCli.newCommandLine();
        for (final String name : cli.getSubcommands().keySet())
        {
            if (name.equals("help"))
            {
                continue;
            }
            final StringWriter help = new StringWriter();
            final CommandLine sub = BoomscooterCli.newCommandLine();
            sub.setOut(new PrintWriter(help, true));
            assertEquals(0, sub.execute(name, "--help"), name + " --help");
            assertTrue(help.toString().contains("Usage: boomscooter " + name), help.toString());
        }
    }

    @Test
    void unknownSubcommandIsAClearErrorWithNonZeroExit()
    {
        assertNotEquals(0, run("frobnicate"));
        assertTrue(err.toString().contains("Unmatched argument") && err.toString().contains("frobnicate"), err.toString());
    }

    @Test
    void badOptionIsAClearErrorWithNonZeroExit()
    {
        assertNotEquals(0, run("node", "--config", "x.properties", "--warp-speed"));
        assertTrue(err.toString().contains("Unknown option: '--warp-speed'"), err.toString());

        assertNotEquals(0, run("driver", "--profile", "turbo"));
        assertTrue(err.toString().contains("small, single-thread or low-latency"), err.toString());
    }

    @Test
    void missingCommandIsAnError()
    {
        assertNotEquals(0, run());
        assertTrue(err.toString().contains("missing command"), err.toString());
    }

    @Test
    void executionFailureIsOneLineAndExitOne()
    {
        assertEquals(1, run("node", "--config", "/definitely/not/here.properties"));
        assertTrue(err.toString().contains("config file not found: /definitely/not/here.properties"), err.toString());
    }

    @Test
    void jsonLineEscapes()
    {
        assertEquals("{\"a\":\"x\\\"y\\n\",\"b\":2,\"c\":true}",
            new JsonLine().put("a", "x\"y\n").put("b", 2).put("c", true).toString());
    }
}
