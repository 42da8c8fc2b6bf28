#!/usr/bin/env node
import '../dist/bundle/corefile-language-server.js';
