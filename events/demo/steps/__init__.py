"""The steps that fill the demo, one module each, run in the order listed in :data:`events.demo.build.STEPS`."""
