import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { slimTag } from '../../server/src/engine/rules/dockerfile/df-non-minimal-base.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'slim variant', path: D, text: 'FROM python:3.12-slim\n' },
    { name: 'alpine variant', path: D, text: 'FROM node:20-alpine\n' },
    { name: 'slim with a release', path: D, text: 'FROM python:3.11-slim-bookworm\n' },
    { name: 'distroless', path: D, text: 'FROM gcr.io/distroless/static-debian12\n' },
    { name: 'scratch', path: D, text: 'FROM scratch\n' },
    { name: 'full image only in a build stage', path: D, text: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\n' },
    { name: 'a variant whose slim spelling is unknown', path: D, text: 'FROM php:8.3-apache\n' },
    { name: 'onbuild', path: D, text: 'FROM python:3-onbuild\n' },
    { name: 'a vendor image of the same name', path: D, text: 'FROM quay.io/example/python:3.12\n' },
    { name: 'a user namespace on Docker Hub', path: D, text: 'FROM someone/python:3.12\n' },
    { name: 'an ARG without a default', path: D, text: 'ARG BASE\nFROM python:${BASE}\n' },
    { name: 'ubuntu has no slim variant', path: D, text: 'FROM ubuntu:24.04\n' },
    { name: 'a configured target stage on a slim base', path: D, options: { dockerfileTarget: 'runtime' }, text: 'FROM python:3.12-slim AS runtime\nFROM python:3.12 AS dev\n' },
  ],
  invalid: [
    {
      name: 'python with a version',
      path: D,
      text: 'FROM python:3.12\nCMD ["python"]\n',
      errors: [{ messageId: 'slim', at: 'python:3.12', data: { image: 'python:3.12', suggestion: 'python:3.12-slim' }, fix: null }],
    },
    {
      name: 'python with a Debian release',
      path: D,
      text: 'FROM python:3.6-stretch\n',
      errors: [{ messageId: 'slim', at: 'python:3.6-stretch', data: { suggestion: 'python:3.6-slim-stretch' }, fix: null }],
    },
    {
      name: 'node puts slim after the release',
      path: D,
      text: 'FROM docker.io/library/node:20-bookworm\n',
      errors: [{ messageId: 'slim', at: 'docker.io/library/node:20-bookworm', data: { suggestion: 'docker.io/library/node:20-bookworm-slim' }, fix: null }],
    },
    {
      name: 'no tag, through an ARG default and a parent stage',
      path: D,
      text: 'ARG IMAGE=node\nFROM ${IMAGE} AS base\nFROM base AS release\nCMD ["node"]\n',
      errors: [{ messageId: 'slim', at: '${IMAGE}', data: { image: 'node', suggestion: 'node:slim' }, fix: null }],
    },
    {
      name: 'debian release and version',
      path: D,
      text: 'FROM debian:12\n',
      errors: [{ messageId: 'slim', at: 'debian:12', data: { suggestion: 'debian:12-slim' }, fix: null }],
    },
    {
      name: 'a toolchain ships',
      path: D,
      text: 'FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n',
      errors: [{ messageId: 'toolchain', at: 'golang:1.22', data: { image: 'golang:1.22' }, fix: null }],
    },
    {
      name: 'the configured target is the full image',
      path: D,
      options: { dockerfileTarget: 'dev' },
      text: 'FROM python:3.12 AS dev\nFROM python:3.12-slim AS runtime\n',
      errors: [{ messageId: 'slim', at: 'python:3.12', fix: null }],
    },
  ],
});

test('slimTag derives only spellings it is sure of', () => {
  assert.equal(slimTag('ruby', '3.3-bookworm'), '3.3-slim-bookworm');
  assert.equal(slimTag('node', 'bookworm'), 'bookworm-slim');
  assert.equal(slimTag('debian', 'latest'), 'stable-slim');
  assert.equal(slimTag('python', '3.12-rc'), null);
  assert.equal(slimTag('node', 'lts-iron'), null);
  assert.equal(slimTag('alpine', '3.20'), null);
});
