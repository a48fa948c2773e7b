#!/bin/sh
# A program a hostile schema names: running it leaves a marker file.
touch exec.marker
