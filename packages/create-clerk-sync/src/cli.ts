#!/usr/bin/env node
import { Interrupts } from "./interrupts.js";
import { main } from "./main.js";

// Ctrl-C, kill or a closed terminal at any point: the handlers leave nothing or a complete repo,
// say which, and exit (130 for Ctrl-C).
const interrupts = new Interrupts();
const stopListening = interrupts.listen();

process.exitCode = await main(process.argv.slice(2), interrupts);
if (!interrupts.interrupted) stopListening();
