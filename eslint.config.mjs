import nx from "@nx/eslint-plugin";

export default [
    ...nx.configs["flat/base"],
    ...nx.configs["flat/typescript"],
    ...nx.configs["flat/javascript"],
    {
        ignores: [
            "**/dist",
            "**/out-tsc",
            "**/webpack.config.js",
            "**/jest.config.cts",
            ".kafka/**"
        ]
    },
    {
        files: [
            "**/*.ts",
            "**/*.tsx",
            "**/*.js",
            "**/*.jsx"
        ],
        rules: {
            "@nx/enforce-module-boundaries": [
                "error",
                {
                    enforceBuildableLibDependency: true,
                    allow: [
                        "^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$"
                    ],
                    depConstraints: [
                        // Layers: an app uses libraries; a library never reaches up.
                        { sourceTag: "type:app", onlyDependOnLibsWithTags: ["type:feature", "type:data-access", "type:util", "type:contracts"] },
                        { sourceTag: "type:feature", onlyDependOnLibsWithTags: ["type:feature", "type:data-access", "type:util", "type:contracts"] },
                        { sourceTag: "type:data-access", onlyDependOnLibsWithTags: ["type:data-access", "type:util", "type:contracts"] },
                        {
                            sourceTag: "type:util",
                            onlyDependOnLibsWithTags: ["type:util"],
                            bannedExternalImports: ["@nestjs/*", "kafkajs", "express"]
                        },
                        {
                            // Contracts are plain classes any client can share: no framework, no Kafka client.
                            sourceTag: "type:contracts",
                            onlyDependOnLibsWithTags: ["type:contracts"],
                            bannedExternalImports: ["@nestjs/*", "kafkajs", "express"]
                        },
                        {
                            // The catalogue gathers every topic's contract, for tools and outside clients. Apps and
                            // libraries import the contract library of each topic they use instead, so that
                            // `nx affected` follows a change to one topic to exactly the apps writing or reading it.
                            sourceTag: "type:contracts-catalogue",
                            onlyDependOnLibsWithTags: ["type:contracts"],
                            bannedExternalImports: ["@nestjs/*", "kafkajs", "express"]
                        },
                        // Scopes: a service's code is its own; shared code serves everyone.
                        { sourceTag: "scope:shared", onlyDependOnLibsWithTags: ["scope:shared"] },
                        { sourceTag: "scope:ingest", onlyDependOnLibsWithTags: ["scope:ingest", "scope:shared"] },
                        { sourceTag: "scope:word-count", onlyDependOnLibsWithTags: ["scope:word-count", "scope:shared"] },
                        { sourceTag: "scope:rolling-mean", onlyDependOnLibsWithTags: ["scope:rolling-mean", "scope:shared"] },
                        { sourceTag: "scope:admin", onlyDependOnLibsWithTags: ["scope:admin", "scope:shared"] }
                    ]
                }
            ]
        }
    },
    {
        files: [
            "**/*.ts",
            "**/*.tsx",
            "**/*.cts",
            "**/*.mts",
            "**/*.js",
            "**/*.jsx",
            "**/*.cjs",
            "**/*.mjs"
        ],
        // Override or add rules here
        rules: {}
    }
];
