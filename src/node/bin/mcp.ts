import { runMcpServer } from '../mcp';

void runMcpServer();
