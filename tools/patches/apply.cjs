#!/usr/bin/env node
/**
 * Applies every kafkajs patch of this folder: run by `npm install` (postinstall) and in the Docker
 * runtime stage, which installs with --ignore-scripts. Each patch says in its own file what it fixes.
 * Plain CommonJS on purpose: it runs before anything is built.
 */
'use strict';
const { runFixes } = require('./kafkajs-patch.cjs');

/** In this order; each one also runs alone (`node tools/patches/<name>.cjs`). */
const PATCHES = ['kafkajs-read-committed', 'kafkajs-produce-retry', 'kafkajs-group-messages', 'kafkajs-encoder', 'kafkajs-record-encoding', 'kafkajs-negative-timeout', 'kafkajs-coordinator-cache', 'kafkajs-produce-partition', 'kafkajs-fetch-assignment'];

runFixes(PATCHES.flatMap((name) => require(`./${name}.cjs`).FIXES));
