#!/bin/bash
make test
