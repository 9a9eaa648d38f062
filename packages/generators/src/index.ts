export {
  type DatabaseProvider,
  prismaModels,
  prismaModelsFor,
  renderPrismaSchema,
} from "./prisma/schema.js";
export { TEMPLATES_DIR } from "./templates-dir.js";
