// Loaded by jest before every test file (jestConfig.setupFiles).

import './polyfill';

// TableV2 and a few other aws-cdk-lib APIs print deprecation notices on every synth.
process.env.JSII_DEPRECATED = 'quiet';
