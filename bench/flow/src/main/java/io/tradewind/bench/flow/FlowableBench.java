package io.tradewind.bench.flow;

import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.flowable.common.engine.impl.history.HistoryLevel;
import org.flowable.common.engine.impl.identity.Authentication;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.engine.task.Comment;
import org.flowable.task.api.Task;
import org.flowable.task.api.history.HistoricTaskInstance;
import org.flowable.variable.api.history.HistoricVariableInstance;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Flowable's embedded engine on its own PostgreSQL database: history level full, no async executor, the process
 * {@code two-step.bpmn20.xml} (start, user task approve1 for approver1, user task approve2 for approver2, end). The
 * loop body starts an instance with a business key and two variables, then for each approver queries the task of
 * the instance, adds a comment and completes it with a variable, as that user.
 *
 * <p>Two variants: {@code flowable} calls the services one by one, as an application would (the start, then per
 * step a query, {@code addComment} and {@code complete}: seven commands, five of them writing transactions);
 * {@code flowable_steps} runs each step's query, comment and completion in one command
 * ({@code ManagementService.executeCommand}, the services joining its command context), so that each step is one
 * transaction like one task action of Tradewind: three transactions per instance.
 */
final class FlowableBench implements Side {
    private static final String[][] STEPS = {{"approver1", "approve1"}, {"approver2", "approve2"}};

    private final HikariDataSource dataSource;
    private final ProcessEngine engine;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final HistoryService history;
    private final ManagementService management;
    private final boolean stepPerCommand;
    private final boolean ownsEngine;

    /** The other variant on the same engine and pool. */
    private FlowableBench(FlowableBench other, boolean stepPerCommand) {
        this.dataSource = other.dataSource;
        this.engine = other.engine;
        this.runtime = other.runtime;
        this.tasks = other.tasks;
        this.history = other.history;
        this.management = other.management;
        this.stepPerCommand = stepPerCommand;
        this.ownsEngine = false;
    }

    FlowableBench(String jdbcUrl, String user, String password, int poolSize, boolean stepPerCommand)
            throws Exception {
        this.stepPerCommand = stepPerCommand;
        this.ownsEngine = true;
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(jdbcUrl);
        pool.setUsername(user);
        if (password != null && !password.isEmpty()) {
            pool.setPassword(password);
        }
        pool.setMaximumPoolSize(poolSize);
        pool.setMinimumIdle(poolSize);
        pool.setAutoCommit(false);
        dataSource = new HikariDataSource(pool);

        ProcessEngineConfiguration cfg = ProcessEngineConfiguration.createStandaloneProcessEngineConfiguration();
        cfg.setDataSource(dataSource);
        cfg.setTransactionsExternallyManaged(false);
        cfg.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
        cfg.setHistoryLevel(HistoryLevel.FULL);
        cfg.setAsyncExecutorActivate(false);
        engine = cfg.buildProcessEngine();
        runtime = engine.getRuntimeService();
        tasks = engine.getTaskService();
        history = engine.getHistoryService();
        management = engine.getManagementService();
        try (InputStream bpmn = FlowableBench.class.getResourceAsStream("/two-step.bpmn20.xml")) {
            engine.getRepositoryService().createDeployment().name("bench").addInputStream("two-step.bpmn20.xml", bpmn)
                    .deploy();
        }
    }

    @Override
    public String name() {
        return stepPerCommand ? "flowable_steps" : "flowable";
    }

    @Override
    public void prepareWindow(int threads, long[] perThread) {
    }

    @Override
    public boolean prepareNext(int thread) {
        return false;
    }

    @Override
    public String runInstance(int thread, long seq) {
        try {
            Authentication.setAuthenticatedUserId("submitter");
            ProcessInstance pi = runtime.startProcessInstanceByKey("twoStep", "request-" + seq,
                    Map.of("title", "Request " + seq, "amount", 1234.50));
            for (String[] step : STEPS) {
                Authentication.setAuthenticatedUserId(step[0]);
                if (stepPerCommand) {
                    management.executeCommand(context -> {
                        approve(pi.getId(), step);
                        return null;
                    });
                } else {
                    approve(pi.getId(), step);
                }
            }
            return pi.getId();
        } finally {
            Authentication.setAuthenticatedUserId(null);
        }
    }

    private void approve(String instance, String[] step) {
        Task task = tasks.createTaskQuery().processInstanceId(instance).taskAssignee(step[0]).singleResult();
        if (task == null || !step[1].equals(task.getTaskDefinitionKey())) {
            throw new IllegalStateException("instance " + instance + ": no task " + step[1] + " for " + step[0]
                    + " (found " + (task == null ? "none" : task.getTaskDefinitionKey()) + ")");
        }
        tasks.addComment(task.getId(), instance, "ok");
        tasks.complete(task.getId(), Map.of(step[1] + "Outcome", "approved"));
    }

    @Override
    public void verify(List<String> instanceIds) {
        for (String id : instanceIds) {
            HistoricProcessInstance hpi = history.createHistoricProcessInstanceQuery().processInstanceId(id)
                    .singleResult();
            check(hpi != null, id, "no historic process instance");
            check(hpi.getEndTime() != null && "done".equals(hpi.getEndActivityId()), id, "not ended at done");
            check("submitter".equals(hpi.getStartUserId()), id, "start user " + hpi.getStartUserId());
            Set<String> activities = history.createHistoricActivityInstanceQuery().processInstanceId(id).list()
                    .stream().filter(a -> a.getEndTime() != null).map(HistoricActivityInstance::getActivityId)
                    .collect(Collectors.toSet());
            check(activities.containsAll(Set.of("start", "approve1", "approve2", "done")), id,
                    "finished activities " + activities);
            List<HistoricTaskInstance> done = history.createHistoricTaskInstanceQuery().processInstanceId(id)
                    .finished().list();
            Set<String> byWhom = new HashSet<>();
            for (HistoricTaskInstance t : done) {
                byWhom.add(t.getTaskDefinitionKey() + "/" + t.getAssignee());
            }
            check(byWhom.equals(Set.of("approve1/approver1", "approve2/approver2")), id, "finished tasks " + byWhom);
            List<Comment> comments = tasks.getProcessInstanceComments(id);
            Set<String> commented = comments.stream().filter(c -> "ok".equals(c.getFullMessage()))
                    .map(Comment::getUserId).collect(Collectors.toSet());
            check(commented.equals(Set.of("approver1", "approver2")), id, "comments by " + commented);
            Set<String> vars = history.createHistoricVariableInstanceQuery().processInstanceId(id).list().stream()
                    .map(HistoricVariableInstance::getVariableName).collect(Collectors.toSet());
            check(vars.containsAll(Set.of("title", "amount", "approve1Outcome", "approve2Outcome")), id,
                    "variables " + vars);
        }
    }

    private static void check(boolean ok, String id, String what) {
        if (!ok) {
            throw new IllegalStateException("flowable instance " + id + ": " + what);
        }
    }

    FlowableBench variant(boolean stepPerCommand) {
        return new FlowableBench(this, stepPerCommand);
    }

    @Override
    public void close() {
        if (!ownsEngine) {
            return;
        }
        engine.close();
        dataSource.close();
    }
}
