// Pulumi entry point. The platform's components arrive with issue #3.
export {};
