package com.carbon254.devstack.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./platform}: the whole platform on one machine. {@code up} starts it and stays in the foreground; the other
 * commands act on the platform of the same state folder ({@code .platform/}, or {@code PLATFORM_HOME}) from another
 * shell.
 */
@Command(name = "./platform", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "The 254Carbon platform on this machine.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, RebuildCommand.class,
                DemoCommand.class, BuiltCommand.class})
public final class PlatformCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PlatformCli()).execute(args));
    }

    /** Without a command: the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
